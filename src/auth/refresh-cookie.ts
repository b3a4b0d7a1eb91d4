import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader, DECORATORS } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, map, type Observable, throwError } from 'rxjs';
import { ApiError, notAuthenticated } from '../common/problem.js';
import { AppConfig } from '../config/app-config.js';

/**
 * The web console keeps its refresh token in an httpOnly cookie that script cannot read, instead of
 * in the JSON body (API.md §9). A client opts in per request with `X-Refresh-Cookie: 1`; without
 * that header nothing changes: the body carries `refresh_token` and the cookie is never read.
 *
 * CSRF: the cookie is `SameSite=Strict` (a cross-site request does not carry it) and it is read only
 * when the custom header is present — a header that a cross-site form cannot send and a cross-origin
 * script cannot send without a CORS preflight, which this API never grants with credentials. So a
 * cookie alone never authenticates a request.
 */
export const REFRESH_COOKIE = 'chatops_refresh';
export const COOKIE_MODE_HEADER = 'X-Refresh-Cookie';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
/**
 * Set and cleared with the refresh cookie, readable by script and carrying no secret: it only tells
 * the console that a refresh is worth trying at page load (a first visit then makes no failing call).
 */
export const SESSION_HINT_COOKIE = 'chatops_session';

/** What a route does with the cookie in cookie mode. */
export type RefreshCookieRole =
  /** register, login, token: the new refresh token goes into the cookie, not the body. */
  | 'issue'
  /** refresh: the cookie is the token presented (unless the body has one); the new one replaces it. */
  | 'rotate'
  /** logout, logout-all: the cookie is cleared. */
  | 'clear';

const HEADER_DESCRIPTION: Record<RefreshCookieRole, string> = {
  issue: `Send \`1\` to receive the refresh token as an httpOnly, SameSite=Strict cookie \`${REFRESH_COOKIE}\` (Path=${REFRESH_COOKIE_PATH}) instead of in the body (the answer then has no \`refresh_token\`). The web console does; other clients leave it out.`,
  rotate: `Send \`1\` to present the \`${REFRESH_COOKIE}\` cookie instead of a body \`refresh_token\` and to receive the new refresh token as that cookie (the answer then has no \`refresh_token\`). The cookie is never read without this header (CSRF protection). A refused refresh clears the cookie.`,
  clear: `Send \`1\` to also clear the \`${REFRESH_COOKIE}\` cookie.`,
};

/** A cookie's value from a Cookie header (no dependency needed for one name). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

/** The refresh cookie and its hint, as Set-Cookie values (an empty value with 0 clears them). */
export function refreshCookies(value: string, maxAgeSeconds: number, secure: boolean): string[] {
  const common = [`Max-Age=${maxAgeSeconds}`, 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  return [
    [`${REFRESH_COOKIE}=${value}`, `Path=${REFRESH_COOKIE_PATH}`, 'HttpOnly', ...common].join('; '),
    [`${SESSION_HINT_COOKIE}=${value ? '1' : ''}`, 'Path=/', ...common].join('; '),
  ];
}

export const inCookieMode = (request: FastifyRequest): boolean =>
  request.headers[COOKIE_MODE_HEADER.toLowerCase()] === '1';

@Injectable()
export class RefreshCookieInterceptor implements NestInterceptor {
  constructor(private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { body: unknown }>();
    if (!inCookieMode(request)) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const role = this.roleOf(context);
    // Secure only over https (directly or, with TRUST_PROXY, as the proxy says): a browser on plain
    // http://<host> other than localhost would otherwise drop the cookie and never stay signed in.
    const secure = request.protocol === 'https';
    const clear = () => reply.header('set-cookie', refreshCookies('', 0, secure));

    if (role === 'rotate') {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (body.refresh_token === undefined) {
        const cookie = readCookie(request.headers.cookie, REFRESH_COOKIE);
        // No token at all is "not signed in", not a validation error.
        if (!cookie) return throwError(() => notAuthenticated());
        request.body = { ...body, refresh_token: cookie };
      }
    }
    return next.handle().pipe(
      map((answer) => {
        if (role === 'clear') {
          clear();
          return answer;
        }
        const { refresh_token: token, ...rest } = answer as { refresh_token?: string };
        if (typeof token === 'string') {
          reply.header('set-cookie', refreshCookies(token, this.config.refreshTokenTtl, secure));
        }
        return rest;
      }),
      catchError((error: unknown) => {
        if (role === 'rotate' && error instanceof ApiError && error.getStatus() === 401) clear();
        return throwError(() => error);
      }),
    );
  }

  private roleOf(context: ExecutionContext): RefreshCookieRole {
    return Reflect.getMetadata(ROLE_METADATA, context.getHandler()) as RefreshCookieRole;
  }
}

const ROLE_METADATA = 'chatops:refresh-cookie-role';

/**
 * Marks a route as taking part in cookie mode (see above), with the header — and for `rotate` the
 * cookie — in the OpenAPI document.
 */
export function RefreshTokenCookie(role: RefreshCookieRole) {
  const cookieParameter = (
    _target: object,
    _key?: string | symbol,
    descriptor?: TypedPropertyDescriptor<any>,
  ) => {
    const handler = descriptor!.value as object;
    Reflect.defineMetadata(ROLE_METADATA, role, handler);
    if (role !== 'rotate') return;
    const parameters = (Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler) ?? []) as object[];
    Reflect.defineMetadata(
      DECORATORS.API_PARAMETERS,
      [
        ...parameters,
        {
          in: 'cookie',
          name: REFRESH_COOKIE,
          required: false,
          schema: { type: 'string' },
          description: `The refresh token, when it was issued in cookie mode. Read only with \`${COOKIE_MODE_HEADER}: 1\`.`,
        },
      ],
      handler,
    );
  };
  return applyDecorators(
    cookieParameter,
    UseInterceptors(RefreshCookieInterceptor),
    ApiHeader({
      name: COOKIE_MODE_HEADER,
      required: false,
      enum: ['1'],
      description: HEADER_DESCRIPTION[role],
    }),
  );
}

import { HttpException, HttpStatus } from '@nestjs/common';

/** One item of a 422 answer, in the shape frontend teams already parse (FastAPI/pydantic style). */
export interface FieldError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
}

/** The canonical text of each status when a handler gives none. */
export const DEFAULT_DETAIL: Record<number, string> = {
  400: 'Malformed request body',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable entity',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/**
 * An error answered as `{"detail": ...}` with the given status. Throw it (or one of the helpers
 * below) instead of Nest's exceptions when the text matters to clients.
 */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly detail: string | FieldError[],
    readonly headers: Record<string, string> = {},
    /** Fields answered beside `detail` (e.g. the second-factor challenge of a login, §11). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super({ ...extra, detail }, status);
  }
}

export const notFound = () => new ApiError(HttpStatus.NOT_FOUND, 'Not Found');
export const notAuthenticated = (detail = 'Not authenticated') =>
  new ApiError(HttpStatus.UNAUTHORIZED, detail, { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (detail: string) => new ApiError(HttpStatus.FORBIDDEN, detail);
export const conflict = (detail: string) => new ApiError(HttpStatus.CONFLICT, detail);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'Too many requests', {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
export const unprocessable = (errors: FieldError[]) =>
  new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, errors);
export const badRequest = (detail: string) => new ApiError(HttpStatus.BAD_REQUEST, detail);

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  isDependencyUnavailable,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
} from './dependency-unavailable.js';
import { ApiError, DEFAULT_DETAIL } from './problem.js';

interface FrameworkError {
  statusCode?: number;
  code?: string;
}

/**
 * Turns every error into `{"detail": ...}` (API.md §1). Client errors keep their status with a
 * fixed, safe text; anything unexpected is logged here and answered as a bare 500, so no stack
 * trace, SQL or echoed input ever reaches a client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');
  /** An outage fails every request: it is logged once, then at most every 10 s with a count. */
  private outage = { loggedAt: 0, since: 0 };

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, detail, headers, extra } = this.describe(exception);
    if (status === 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (status === 503 && !(exception instanceof HttpException)) this.logOutage(exception);
    void reply
      .status(status)
      .headers(headers)
      .send({ detail, ...extra });
  }

  private logOutage(exception: unknown): void {
    this.outage.since++;
    const now = Date.now();
    if (now - this.outage.loggedAt < 10_000) return;
    const reason = exception instanceof Error ? exception.message : String(exception);
    this.logger.warn(`Database unavailable (${this.outage.since} answered 503): ${reason}`);
    this.outage = { loggedAt: now, since: 0 };
  }

  describe(exception: unknown): {
    status: number;
    detail: unknown;
    headers: Record<string, string>;
    extra?: Record<string, unknown>;
  } {
    if (isDependencyUnavailable(exception)) {
      return {
        status: 503,
        detail: DEFAULT_DETAIL[503],
        headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
      };
    }
    if (exception instanceof ApiError) {
      return {
        status: exception.getStatus(),
        detail: exception.detail,
        headers: exception.headers,
        extra: exception.extra,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const headers: Record<string, string> =
        status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
      return {
        status,
        detail: DEFAULT_DETAIL[status] ?? this.safeMessage(exception, status),
        headers,
      };
    }
    // Fastify's own client errors (bad JSON, wrong content type, body too large) carry a 4xx code.
    const framework = exception as FrameworkError;
    if (
      typeof framework?.statusCode === 'number' &&
      framework.statusCode >= 400 &&
      framework.statusCode < 500
    ) {
      const status = framework.statusCode;
      return { status, detail: DEFAULT_DETAIL[status] ?? 'Bad request', headers: {} };
    }
    return { status: 500, detail: DEFAULT_DETAIL[500], headers: {} };
  }

  private safeMessage(exception: HttpException, status: number): string {
    return status < 500 ? exception.message : (DEFAULT_DETAIL[status] ?? DEFAULT_DETAIL[500]);
  }
}

/**
 * Whether an error means "the database (or another dependency) cannot be reached right now" rather
 * than "this request is wrong": such errors are answered 503 + Retry-After (API.md §1), never 401 or
 * 500, so clients keep their tokens and simply retry.
 */

/** Socket errors, and PostgreSQL's shutdown / not-yet-started / too-many-connections codes. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
  '53300', // too_many_connections
]);

/** node-postgres raises these as plain Errors, without a code. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connection timeout|Client has encountered a connection error|Client was closed and is not queryable|Connection ended unexpectedly/i;

/**
 * TypeORM releases a query runner whose connection broke; the transaction's next statement (its
 * COMMIT, say, or a raw `manager.query` such as an audit insert) then fails with one of these
 * instead of a driver error. Nothing in this code base releases a runner while still using it, so
 * here they mean a connection lost mid-transaction.
 */
const UNAVAILABLE_NAMES = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

/** Retry-After for 503 answers: a restarting database is usually back within seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { name, code, message, driverError, cause, errors } = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) {
    return true; // class 08: connection exception
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  // TypeORM wraps the driver's error; Node wraps per-address connect failures in AggregateError.
  return (
    isDependencyUnavailable(driverError, depth + 1) ||
    isDependencyUnavailable(cause, depth + 1) ||
    (Array.isArray(errors) && errors.some((e) => isDependencyUnavailable(e, depth + 1)))
  );
}

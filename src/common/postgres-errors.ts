import { QueryFailedError } from 'typeorm';

/** The PostgreSQL error code (and constraint) behind a failed query, if it is one. */
function failure(error: unknown): { code?: string; constraint?: string } | undefined {
  return error instanceof QueryFailedError
    ? (error.driverError as { code?: string; constraint?: string })
    : undefined;
}

/** True when a query failed on a unique index (PostgreSQL 23505), optionally a named one. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = failure(error);
  return driverError?.code === '23505' && (!constraint || driverError.constraint === constraint);
}

/** True when a query failed on a foreign key (PostgreSQL 23503): the row it names is gone. */
export function isForeignKeyViolation(error: unknown): boolean {
  return failure(error)?.code === '23503';
}

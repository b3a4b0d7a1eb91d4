import { Transform } from 'class-transformer';

/** Trims surrounding white space from a string field (names are trimmed: API.md §1). */
export const Trim = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

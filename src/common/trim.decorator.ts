import { Transform } from 'class-transformer';

/**
 * Trims surrounding white space from a string field (names are trimmed: API.md §1) and puts it in
 * Unicode's composed form (NFC), so that one text has one spelling: `José` typed as `e` + U+0301
 * and as `é` is the same name.
 */
export const Trim = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim().normalize('NFC') : value));

import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Characters a name-like field (username, full name, server name/hostname/description, key name,
 * tag) or an email may not contain (API.md §1 v1.1): each either breaks the line or renders as
 * nothing, so a value holding one can look identical to another (`ad\u200Bmin`), reorder what is
 * shown around it (U+202E), or garble every list it is shown in.
 *
 * - C0 and C1 controls, DEL (U+0000–U+001F, U+007F–U+009F), line and paragraph separators
 *   (U+2028, U+2029);
 * - bidirectional controls: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069;
 * - zero-width and invisible characters: U+00AD, U+200B–U+200D, U+2060, U+FEFF;
 * - and, beyond the contract's list, the other format characters that render as nothing and have
 *   no place in a label: U+180E, U+2061–U+2064, U+206A–U+206F, U+FFF9–U+FFFB, and the Hangul
 *   fillers U+115F, U+1160, U+3164, U+FFA0 (the usual way to make a name that looks blank).
 */
export const NOT_VISIBLE_TEXT =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb\uffa0]/;

/** The first character of `value` that NOT_VISIBLE_TEXT refuses, if any. */
export function firstInvisible(value: string): string | undefined {
  return NOT_VISIBLE_TEXT.exec(value)?.[0];
}

/** `U+200B`: how a refused character is named in a message (it cannot be shown). */
export function codePoint(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** True for anything but a string holding a refused character (type checks are someone else's). */
export function isSingleLineText(value: unknown): boolean {
  return typeof value !== 'string' || firstInvisible(value) === undefined;
}

function refusalMessage(value: unknown): string {
  const values = Array.isArray(value) ? value : [value];
  const found = values
    .map((v) => (typeof v === 'string' ? firstInvisible(v) : undefined))
    .find((c) => c !== undefined);
  // NUL is refused in every string by the validation pipe, with this same text.
  if (found === '\u0000') return 'String should not contain NUL characters';
  return `String should be one line of visible text (no control, bidirectional or invisible characters; found ${found ? codePoint(found) : 'one'})`;
}

/**
 * The one rule for name-like fields: one line of visible text (see NOT_VISIBLE_TEXT). With
 * `{ each: true }` it applies to every item of an array.
 */
export const SingleLineText = (options: ValidationOptions = {}) =>
  ValidateBy(
    {
      name: 'singleLineText',
      validator: {
        validate: isSingleLineText,
        defaultMessage: (args) => refusalMessage(args?.value),
      },
    },
    options,
  );

/** Names and emails are kept in Unicode's composed form (NFC): one spelling per text. */
export function normalizeText(value: unknown): unknown {
  return typeof value === 'string' ? value.normalize('NFC') : value;
}

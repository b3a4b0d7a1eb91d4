import { createHash, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;

/** No 0/O, 1/I/L: a code read off paper is typed right. 31 symbols, 10 of them: ~49.5 bits. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A fresh recovery code, `XXXXX-XXXXX`. */
export function newRecoveryCode(): string {
  const symbols = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${symbols.slice(0, 5).join('')}-${symbols.slice(5).join('')}`;
}

/**
 * The stored form of a code: SHA-256 of its normalised text (case, spaces and dashes ignored).
 * A fast hash is enough: the codes are random with ~50 bits each, not chosen by people, and every
 * guess counts against the account's lock-out.
 */
export function recoveryCodeHash(code: string): string {
  const normalised = code.toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(`chatops-recovery:${normalised}`).digest('hex');
}

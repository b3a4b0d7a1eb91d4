import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * The API key format (API.md §5), pure functions only:
 * `chatops_` + 32 random base62 characters (≈190 bits) + 6 base62 characters of the CRC32 of the
 * random part. The checksum lets the gateway refuse a mistyped or made-up key without a database
 * round trip, and the fixed prefix lets secret scanners spot leaked keys.
 */
export const API_KEY_PREFIX = 'chatops_';
export const RANDOM_LENGTH = 32;
export const CHECKSUM_LENGTH = 6;
/** How many leading characters are stored and shown to recognise a key by. */
export const DISPLAY_PREFIX_LENGTH = 12;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = ALPHABET.length;
const KEY_PATTERN = new RegExp(
  `^${API_KEY_PREFIX}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`,
);
/** The largest multiple of 62 that fits a byte: bytes at or above it are dropped, so no modulo bias. */
const UNBIASED_LIMIT = 256 - (256 % BASE);

function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    // 248 of 256 byte values are kept: a little over one byte per character on average.
    for (const byte of randomBytes(length + 8)) {
      if (byte >= UNBIASED_LIMIT) continue;
      out += ALPHABET[byte % BASE];
      if (out.length === length) break;
    }
  }
  return out;
}

/** CRC32 as 6 base62 digits, most significant first (62^6 > 2^32, so it always fits). */
export function checksumOf(randomPart: string): string {
  let value = crc32(randomPart);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = ALPHABET[value % BASE] + out;
    value = Math.floor(value / BASE);
  }
  return out;
}

export function generateApiKey(): string {
  const randomPart = randomBase62(RANDOM_LENGTH);
  return API_KEY_PREFIX + randomPart + checksumOf(randomPart);
}

/** Shape and checksum only: true says "worth looking up", not "valid". */
export function isWellFormedApiKey(candidate: unknown): candidate is string {
  if (typeof candidate !== 'string' || !KEY_PATTERN.test(candidate)) return false;
  const body = candidate.slice(API_KEY_PREFIX.length);
  const expected = Buffer.from(checksumOf(body.slice(0, RANDOM_LENGTH)));
  // The checksum is not secret (anyone can compute it), but comparing in constant time costs nothing.
  return timingSafeEqual(expected, Buffer.from(body.slice(RANDOM_LENGTH)));
}

/** What the database stores in place of the key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function displayPrefixOf(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  checksumOf,
  displayPrefixOf,
  generateApiKey,
  hashApiKey,
  isWellFormedApiKey,
} from './api-key-format.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('API key format', () => {
  const keys = Array.from({ length: 1000 }, () => generateApiKey());

  it('generates 1,000 unique keys of the documented shape that pass their checksum', () => {
    for (const key of keys) {
      expect(key).toMatch(/^chatops_[0-9A-Za-z]{38}$/);
      expect(isWellFormedApiKey(key)).toBe(true);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('draws every base62 character evenly (no modulo bias toward the first ones)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      for (const c of generateApiKey().slice(8, 40)) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    // 160,000 draws: ≈2,581 per symbol (σ ≈ 50). `byte % 62` would favour 0-7 by ≈21%.
    const expected = 160000 / 62;
    const skewed = [...counts].filter(([, count]) => Math.abs(count - expected) > expected * 0.1);
    expect(skewed).toEqual([]);
  });

  it('refuses a key with any single character changed, at every position', () => {
    const accepted: string[] = [];
    for (const key of keys.slice(0, 100)) {
      for (let position = 0; position < key.length; position++) {
        for (const replacement of ALPHABET + '_-') {
          if (replacement === key[position]) continue;
          const altered = key.slice(0, position) + replacement + key.slice(position + 1);
          if (isWellFormedApiKey(altered)) accepted.push(altered);
        }
      }
    }
    expect(accepted).toEqual([]);
  });

  it('refuses other shapes and non-strings', () => {
    const key = keys[0];
    for (const bad of [
      key + 'a',
      key.slice(0, -1),
      key.toUpperCase(),
      ` ${key}`,
      'chatops_',
      '',
      null,
      undefined,
      42,
      { key },
    ]) {
      expect(isWellFormedApiKey(bad)).toBe(false);
    }
  });

  it('encodes the CRC32 in six base62 digits', () => {
    expect(checksumOf('')).toBe('000000');
    // crc32("123456789") = 0xCBF43926 = 3·62^5 + 45·62^4 + 35·62^3 + 27·62^2 + 22·62 + 14
    expect(checksumOf('123456789')).toBe('3jZRME');
  });

  it('hashes with SHA-256 hex and displays the first 12 characters', () => {
    const key = keys[1];
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(displayPrefixOf(key)).toBe(key.slice(0, 12));
    expect(displayPrefixOf(key)).toMatch(/^chatops_[0-9A-Za-z]{4}$/);
  });
});

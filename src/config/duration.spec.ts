import { describe, expect, it } from '@jest/globals';
import { parseDurationSeconds } from './duration.js';

describe('parseDurationSeconds', () => {
  it.each([
    ['10', 10],
    ['0', 0],
    ['10s', 10],
    ['30m', 1800],
    ['24h', 86400],
    ['7d', 604800],
    ['30M', 1800],
    [' 15 m ', 900],
  ])('reads %j as %i seconds', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });

  it.each(['', 'm', '-5', '1.5h', '10w', '10 minutes', '1h30m', '0x10', 'ten'])(
    'refuses %j',
    (text) => {
      expect(parseDurationSeconds(text)).toBeUndefined();
    },
  );

  it('refuses a value too large to be a safe whole number of seconds', () => {
    expect(parseDurationSeconds('99999999999999999999d')).toBeUndefined();
  });
});

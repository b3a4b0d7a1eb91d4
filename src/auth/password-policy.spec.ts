import { describe, expect, it } from '@jest/globals';
import { checkPassword, isCommonPassword, PASSWORD_MAX_BYTES } from './password-policy.js';

const messages = (password: string, context = {}, mode: 'strict' | 'length' = 'strict') =>
  checkPassword(password, context, mode).map((v) => v.msg);

describe('password policy: length (both modes)', () => {
  it('refuses 7 characters and accepts 8', () => {
    expect(checkPassword('Ab1!xyz', {}, 'strict')).toEqual([
      { type: 'string_too_short', msg: 'String should have at least 8 characters' },
    ]);
    expect(checkPassword('Ab1!xyzw', {}, 'strict')).toEqual([]);
  });

  it('counts characters, not bytes, for the minimum: 8 two-byte characters are 8 characters', () => {
    expect(messages('ÉéÉé1!éé')).toEqual([]);
  });

  it('accepts exactly 72 bytes', () => {
    const password = 'Aa1!' + 'x'.repeat(PASSWORD_MAX_BYTES - 4);
    expect(Buffer.byteLength(password)).toBe(72);
    expect(checkPassword(password, {}, 'strict')).toEqual([]);
  });

  it('refuses 73 ASCII bytes with string_too_long', () => {
    const password = 'Aa1!' + 'x'.repeat(PASSWORD_MAX_BYTES - 3);
    expect(checkPassword(password, {}, 'strict')).toEqual([
      { type: 'string_too_long', msg: 'String should have at most 72 bytes' },
    ]);
  });

  it('refuses a 70-character password whose 2-byte characters make it more than 72 bytes (no truncation)', () => {
    const password = 'ééé' + 'Aa1!' + 'k'.repeat(63);
    expect([...password].length).toBe(70);
    expect(Buffer.byteLength(password)).toBe(73);
    expect(checkPassword(password, {}, 'strict')).toEqual([
      { type: 'string_too_long', msg: 'String should have at most 72 bytes' },
    ]);
  });

  it('measures emoji in bytes too: 18 four-byte emoji plus "Aa1!" is 76 bytes and refused', () => {
    const password = '🔥'.repeat(18) + 'Aa1!';
    expect(Buffer.byteLength(password)).toBe(76);
    expect(messages(password)).toEqual(['String should have at most 72 bytes']);
  });

  it('applies the same length rules in "length" mode', () => {
    expect(messages('abcdefg', {}, 'length')).toEqual(['String should have at least 8 characters']);
    expect(messages('ééé' + 'k'.repeat(67), {}, 'length')).toEqual([
      'String should have at most 72 bytes',
    ]);
  });
});

describe('password policy: composition (strict mode)', () => {
  it('requires an upper-case letter', () => {
    expect(messages('tr1cky-horse!')).toEqual([
      'Password must contain at least one uppercase letter',
    ]);
  });

  it('requires a lower-case letter', () => {
    expect(messages('TR1CKY-HORSE!')).toEqual([
      'Password must contain at least one lowercase letter',
    ]);
  });

  it('requires a digit', () => {
    expect(messages('Tricky-Horse!')).toEqual(['Password must contain at least one number']);
  });

  it('requires a special character (white space does not count)', () => {
    expect(messages('Tr1cky Horse')).toEqual([
      'Password must contain at least one special character',
    ]);
    expect(messages('Tr1ckyHorse')).toEqual([
      'Password must contain at least one special character',
    ]);
  });

  it('lists every broken rule at once', () => {
    expect(messages('qzxvkwpt')).toEqual([
      'Password must contain at least one uppercase letter',
      'Password must contain at least one number',
      'Password must contain at least one special character',
    ]);
  });

  it('accepts the W.W.H.D. example "SecurePassword123!" for its example user', () => {
    expect(
      checkPassword(
        'SecurePassword123!',
        { username: 'herman_fan', email: 'user@example.com' },
        'strict',
      ),
    ).toEqual([]);
  });
});

describe('password policy: personal information (strict mode)', () => {
  it('refuses a password containing the username, whatever its case', () => {
    expect(messages('Xx-Herman_Fan-9!', { username: 'herman_fan' })).toEqual([
      'Password must not contain the username or email',
    ]);
  });

  it('refuses a password containing the email local part', () => {
    expect(messages('Q7!zJOHN.DOEz', { email: 'John.Doe@Example.com' })).toEqual([
      'Password must not contain the username or email',
    ]);
  });

  it('does not refuse a password that merely contains the email domain', () => {
    expect(messages('Example.com-Q7!', { email: 'zq@example.com' })).toEqual([]);
  });
});

describe('password policy: common passwords', () => {
  it('refuses a password on the list, whatever its case', () => {
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('PASSWORD')).toBe(true);
  });

  it('refuses decorated forms of a listed password: a capital plus trailing digits and symbols', () => {
    expect(messages('Password123!')).toEqual(['Password is too common']);
    expect(messages('Qwerty123!')).toEqual(['Password is too common']);
    expect(messages('Football1!')).toEqual(['Password is too common']);
  });

  it('does not call a long passphrase common because it contains a common word', () => {
    expect(isCommonPassword('SecurePassword123!')).toBe(false);
    expect(isCommonPassword('Tr1cky-Horse-Battery!')).toBe(false);
  });
});

describe('password policy: "length" mode (NIST 800-63B style)', () => {
  it('accepts a password without any composition (lower-case words and spaces)', () => {
    expect(checkPassword('correct horse battery', {}, 'length')).toEqual([]);
  });

  it('does not check the username in "length" mode', () => {
    expect(checkPassword('herman_fan rides a horse', { username: 'herman_fan' }, 'length')).toEqual(
      [],
    );
  });

  it('still refuses a common password, decorated or not', () => {
    expect(messages('password1', {}, 'length')).toEqual(['Password is too common']);
    expect(messages('Password123!', {}, 'length')).toEqual(['Password is too common']);
  });
});

import { describe, expect, it } from '@jest/globals';
import { SecretBox } from './secret-box.js';

describe('SecretBox (AES-256-GCM under an HKDF-derived key)', () => {
  const box = new SecretBox('a-key-material-that-is-at-least-32-bytes');

  it('opens what it sealed, for the same owner', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('uses a fresh IV each time: the same secret never seals to the same text', () => {
    expect(box.seal('same', 'u')).not.toBe(box.seal('same', 'u'));
  });

  it('refuses another owner, another key, and any changed byte', () => {
    const sealed = box.seal('secret', 'user-1');
    expect(box.open(sealed, 'user-2')).toBeUndefined();
    expect(new SecretBox('another-key-material-of-at-least-32-bytes').open(sealed, 'user-1')).toBe(
      undefined,
    );
    const [version, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(box.open([version, iv, tag, flipped.toString('base64url')].join('.'), 'user-1')).toBe(
      undefined,
    );
    expect(box.open('garbage', 'user-1')).toBeUndefined();
  });
});

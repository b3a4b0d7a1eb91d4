import { describe, expect, it } from '@jest/globals';
import { openEnvelope, sealEnvelope, sha256Hex } from './token-crypto.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.refresh-token-body.signature';
const SESSION = '0e7d8a52-6c0b-4a3a-8a53-3f4b8f5c2d99';
const PAYLOAD = {
  access_token: 'a.b.c',
  refresh_token: 'd.e.f',
  token_type: 'bearer',
  expires_in: 1800,
};

describe('sha256Hex', () => {
  it('is the hex SHA-256 digest (64 lower-case hex characters)', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('retry envelope', () => {
  it('opens to the sealed payload with the same token and session', () => {
    expect(openEnvelope(sealEnvelope(PAYLOAD, TOKEN, SESSION), TOKEN, SESSION)).toEqual(PAYLOAD);
  });

  it('does not contain the payload in clear', () => {
    const sealed = sealEnvelope(PAYLOAD, TOKEN, SESSION);
    expect(Buffer.from(sealed, 'base64').toString('latin1')).not.toContain('d.e.f');
    expect(sealed).not.toContain('bearer');
  });

  it('seals the same payload differently each time (random IV)', () => {
    expect(sealEnvelope(PAYLOAD, TOKEN, SESSION)).not.toBe(sealEnvelope(PAYLOAD, TOKEN, SESSION));
  });

  it('gives undefined for another token', () => {
    expect(
      openEnvelope(sealEnvelope(PAYLOAD, TOKEN, SESSION), TOKEN + 'x', SESSION),
    ).toBeUndefined();
  });

  it('gives undefined for another session id', () => {
    const sealed = sealEnvelope(PAYLOAD, TOKEN, SESSION);
    expect(openEnvelope(sealed, TOKEN, '11111111-2222-3333-4444-555555555555')).toBeUndefined();
  });

  it('gives undefined when any byte of the envelope was changed', () => {
    const raw = Buffer.from(sealEnvelope(PAYLOAD, TOKEN, SESSION), 'base64');
    for (const index of [0, 12, 20, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[index] ^= 0x01;
      expect(openEnvelope(tampered.toString('base64'), TOKEN, SESSION)).toBeUndefined();
    }
  });

  it('gives undefined for a truncated or garbage envelope', () => {
    const sealed = sealEnvelope(PAYLOAD, TOKEN, SESSION);
    expect(openEnvelope(sealed.slice(0, 20), TOKEN, SESSION)).toBeUndefined();
    expect(openEnvelope('', TOKEN, SESSION)).toBeUndefined();
    expect(openEnvelope('not base64 at all!', TOKEN, SESSION)).toBeUndefined();
  });
});

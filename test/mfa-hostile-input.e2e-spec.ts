import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API } from './support/http.js';
import { enrolTotp, passwordStep } from './support/mfa.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

/** Answers every second-factor and passkey route gives to bodies no client should send. */
describe('second factor and passkeys: hostile bodies', () => {
  let api: TestApp;
  let user: RegisteredUser;
  let mfaToken: string;
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  beforeAll(async () => {
    api = await startTestApp();
    user = await registerUser(api);
    const other = await registerUser(api);
    await enrolTotp(api, other);
    mfaToken = (await passwordStep(api, other)).mfaToken;
  });
  afterAll(async () => {
    await api.close();
  });

  const assertion = (overrides: Record<string, unknown>) => ({
    id: 'AAAA',
    rawId: 'AAAA',
    type: 'public-key',
    clientExtensionResults: {},
    response: {
      clientDataJSON: b64({ type: 'webauthn.get', challenge: 'x', origin: 'http://evil' }),
      authenticatorData: 'AAAA',
      signature: 'AAAA',
    },
    ...overrides,
  });

  const BODIES: unknown[] = [
    [],
    'text',
    42,
    null,
    {},
    { password: { $gt: '' }, code: ['123456'] },
    { code: 123456, mfa_token: 7 },
    { mfa_token: 'a'.repeat(10_000), code: '1'.repeat(10_000) },
    { mfa_token: 'x\u0000y', code: '12\u00003456' },
    { mfa_token: 'x', passkey: 'not-an-object' },
    { mfa_token: 'x', passkey: assertion({}) },
    { mfa_token: 'x', passkey: assertion({ id: { nested: true } }) },
    { response: assertion({ response: { clientDataJSON: 12 } }) },
    { response: assertion({ response: { clientDataJSON: '!!!not base64!!!' } }) },
    { response: assertion({ response: { clientDataJSON: b64('a string') } }) },
    { response: assertion({ response: { clientDataJSON: b64({ challenge: { a: 1 } }) } }) },
    { response: assertion({ id: 'x\u0000' }) },
    { response: assertion({}), name: '\u202Eevil' },
    { password: 'Wrong-pass-1!', passkey: assertion({}) },
  ];

  it('never answers 500, always {"detail": ...}, and never echoes a code or token', async () => {
    const routes: [string, string, boolean][] = [
      ['POST', '/auth/mfa/totp', true],
      ['POST', '/auth/mfa/totp/confirm', true],
      ['DELETE', '/auth/mfa/totp', true],
      ['POST', '/auth/mfa/verify', false],
      ['POST', '/auth/mfa/passkey/options', false],
      ['POST', '/auth/passkeys/register/options', true],
      ['POST', '/auth/passkeys/register/verify', true],
      ['POST', '/auth/passkeys/login/options', false],
      ['POST', '/auth/passkeys/login/verify', false],
      ['PATCH', '/auth/passkeys/6f1c1f44-98a4-4a44-9d0c-0a4a3b2c1d00', true],
      ['DELETE', '/auth/passkeys/6f1c1f44-98a4-4a44-9d0c-0a4a3b2c1d00', true],
      ['DELETE', '/auth/passkeys/not-a-uuid', true],
    ];
    const seen = new Set<number>();
    for (const [method, path, bearer] of routes) {
      for (const body of [...BODIES, { mfa_token: mfaToken, passkey: assertion({}) }]) {
        const res = await api.request(method, `${API}${path}`, body, {
          token: bearer ? user.accessToken : undefined,
        });
        seen.add(res.status);
        expect([method, path, body, res.status < 500]).toEqual([method, path, body, true]);
        if (res.status >= 400) expect(Object.keys(res.body)).toContain('detail');
        expect(res.text).not.toContain('1'.repeat(100));
        expect(res.text).not.toContain(mfaToken);
        expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
      }
    }
    // Not all refused the same way: the routes really looked at the bodies.
    expect(seen.size).toBeGreaterThan(3);
  });
});

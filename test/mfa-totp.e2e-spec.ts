import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SecondFactorService } from '../src/auth/mfa/second-factor.service.js';
import { decodeJwt, loginRequest, TOKEN_PAIR_KEYS } from './support/auth-helpers.js';
import { API } from './support/http.js';
import { enrolTotp, mfaVerify, passwordStep, totpCode } from './support/mfa.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

describe('second factor: authenticator app (TOTP) and recovery codes', () => {
  let api: TestApp;
  const post = (path: string, body: unknown, token?: string) =>
    api.request('POST', `${API}${path}`, body, { token });
  const sessionsOf = async (token: string) =>
    (await api.request('GET', `${API}/auth/sessions`, undefined, { token })).body.items as {
      id: string;
      auth_method: string;
    }[];

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('setup needs the password, answers a 160-bit secret and an otpauth URL for ChatOps, and stores the secret only encrypted', async () => {
    const user = await registerUser(api);
    const wrong = await post('/auth/mfa/totp', { password: 'Wrong-pass-1!' }, user.accessToken);
    expect([wrong.status, wrong.body]).toEqual([401, { detail: 'Current password is incorrect' }]);
    expect(await api.sql('SELECT 1 FROM mfa_totp WHERE user_id = $1', [user.id])).toHaveLength(0);

    const res = await post('/auth/mfa/totp', { password: user.password }, user.accessToken);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['otpauth_url', 'secret']);
    expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/); // 32 base32 characters = 20 bytes
    const url = new URL(res.body.otpauth_url);
    expect(res.body.otpauth_url.startsWith(`otpauth://totp/ChatOps:${user.username}?`)).toBe(true);
    expect(url.searchParams.get('issuer')).toBe('ChatOps');
    expect(url.searchParams.get('secret')).toBe(res.body.secret);

    const [row] = await api.sql('SELECT * FROM mfa_totp WHERE user_id = $1', [user.id]);
    expect(row.confirmed_at).toBeNull();
    expect(JSON.stringify(row)).not.toContain(res.body.secret);
    expect(row.secret_ciphertext).toMatch(/^v1\./);

    // Not active until confirmed: the password alone still signs in.
    expect((await loginRequest(api, user.username, user.password)).status).toBe(200);
    const status = await api.request('GET', `${API}/auth/mfa`, undefined, {
      token: user.accessToken,
    });
    expect(status.body).toEqual({ totp: 'pending', recovery_codes_remaining: 0, passkeys: 0 });
  });

  it('confirm refuses a wrong code, then answers 10 distinct recovery codes once, stored only as hashes', async () => {
    const user = await registerUser(api);
    const { secret } = (await post('/auth/mfa/totp', { password: user.password }, user.accessToken))
      .body;
    const wrong = await post('/auth/mfa/totp/confirm', { code: '000000' }, user.accessToken);
    expect([wrong.status, wrong.body]).toEqual([400, { detail: 'Invalid code' }]);
    const [pending] = await api.sql('SELECT confirmed_at FROM mfa_totp WHERE user_id = $1', [
      user.id,
    ]);
    expect(pending.confirmed_at).toBeNull();

    const res = await post(
      '/auth/mfa/totp/confirm',
      { code: await totpCode(secret) },
      user.accessToken,
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['recovery_codes']);
    const codes: string[] = res.body.recovery_codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    const stored = await api.sql('SELECT * FROM mfa_recovery_codes WHERE user_id = $1', [user.id]);
    expect(stored).toHaveLength(10);
    const dump = JSON.stringify(stored);
    for (const code of codes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replace('-', ''));
    }

    const again = await post('/auth/mfa/totp', { password: user.password }, user.accessToken);
    expect([again.status, again.body]).toEqual([
      409,
      { detail: 'Authenticator app already enabled' },
    ]);
    const status = await api.request('GET', `${API}/auth/mfa`, undefined, {
      token: user.accessToken,
    });
    expect(status.body).toEqual({ totp: 'enabled', recovery_codes_remaining: 10, passkeys: 0 });
    // The secret and the codes appear in no other answer.
    expect(status.text).not.toContain(secret);
  });

  it('a correct password answers 401 "Second factor required" with an mfa_token and the methods, on /auth/login and /auth/token alike; no session is opened', async () => {
    const user = await registerUser(api);
    await enrolTotp(api, user);
    const before = await api.sql('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [
      user.id,
    ]);
    for (const path of ['login', 'token'] as const) {
      const { answer } = await passwordStep(api, user, path);
      expect(answer.body).toEqual({
        detail: 'Second factor required',
        mfa_token: expect.stringMatching(/^[\w-]{43}$/),
        methods: ['totp', 'recovery_code'],
      });
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
    const json = await api.request('POST', `${API}/auth/login`, {
      username: user.email,
      password: user.password,
    });
    expect([json.status, json.body.detail]).toEqual([401, 'Second factor required']);
    const after = await api.sql('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [
      user.id,
    ]);
    expect(after).toEqual(before);
    // Only the token's hash is kept.
    const tokens = await api.sql('SELECT token_hash FROM mfa_tokens WHERE user_id = $1', [user.id]);
    expect(tokens).toHaveLength(3);
    expect(JSON.stringify(tokens)).not.toContain(json.body.mfa_token);
    // A wrong password is still the plain login failure.
    const wrong = await loginRequest(api, user.username, 'Wrong-pass-1!');
    expect([wrong.status, wrong.body]).toEqual([401, { detail: 'Invalid username or password' }]);
  });

  it('mfa/verify with a code answers the usual tokens; the session says password+totp; the mfa_token and the code are each accepted once', async () => {
    const user = await registerUser(api);
    const { secret } = await enrolTotp(api, user);
    const { mfaToken } = await passwordStep(api, user);
    const code = await totpCode(secret, 1);
    const res = await mfaVerify(api, { mfa_token: mfaToken, code });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(TOKEN_PAIR_KEYS);
    const sid = decodeJwt(res.body.access_token).payload.sid;
    const mine = await sessionsOf(res.body.access_token);
    expect(mine.find((s) => s.id === sid)?.auth_method).toBe('password+totp');
    expect(mine.find((s) => s.id !== sid)?.auth_method).toBe('password');

    // The same mfa_token again: used.
    const reused = await mfaVerify(api, { mfa_token: mfaToken, code: await totpCode(secret, 1) });
    expect([reused.status, reused.body]).toEqual([401, { detail: 'Invalid or expired mfa_token' }]);
    // The same code with a fresh password check: a replay within its window.
    const second = await passwordStep(api, user);
    const replay = await mfaVerify(api, { mfa_token: second.mfaToken, code });
    expect([replay.status, replay.body]).toEqual([401, { detail: 'Invalid code' }]);
    // An earlier step than the last one accepted is refused too.
    const older = await mfaVerify(api, {
      mfa_token: second.mfaToken,
      code: await totpCode(secret),
    });
    expect(older.status).toBe(401);
  });

  it('a recovery code signs in once (password+recovery_code), whatever its case or dash', async () => {
    const user = await registerUser(api);
    const { recoveryCodes } = await enrolTotp(api, user);
    const { mfaToken } = await passwordStep(api, user);
    const typed = recoveryCodes[3].toLowerCase().replace('-', ' ');
    const res = await mfaVerify(api, { mfa_token: mfaToken, recovery_code: typed });
    expect(res.status).toBe(200);
    const mine = await sessionsOf(res.body.access_token);
    const sid = decodeJwt(res.body.access_token).payload.sid;
    expect(mine.find((s) => s.id === sid)?.auth_method).toBe('password+recovery_code');

    const next = await passwordStep(api, user);
    const again = await mfaVerify(api, {
      mfa_token: next.mfaToken,
      recovery_code: recoveryCodes[3],
    });
    expect([again.status, again.body]).toEqual([401, { detail: 'Invalid code' }]);
    const other = await mfaVerify(api, {
      mfa_token: next.mfaToken,
      recovery_code: recoveryCodes[4],
    });
    expect(other.status).toBe(200);
    const status = await api.request('GET', `${API}/auth/mfa`, undefined, {
      token: other.body.access_token,
    });
    expect(status.body.recovery_codes_remaining).toBe(8);
  });

  it('refuses an expired mfa_token, an unknown one, and a body with no factor or two', async () => {
    const user = await registerUser(api);
    const { secret } = await enrolTotp(api, user);
    const { mfaToken } = await passwordStep(api, user);
    const none = await mfaVerify(api, { mfa_token: mfaToken });
    expect(none.status).toBe(422);
    const both = await mfaVerify(api, {
      mfa_token: mfaToken,
      code: '123456',
      recovery_code: 'AAAAA-BBBBB',
    });
    expect(both.status).toBe(422);
    const missing = await mfaVerify(api, { code: '123456' });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.body)).not.toContain('123456');
    const unknown = await mfaVerify(api, { mfa_token: 'x'.repeat(43), code: '123456' });
    expect([unknown.status, unknown.body]).toEqual([
      401,
      { detail: 'Invalid or expired mfa_token' },
    ]);
    await api.sql(
      `UPDATE mfa_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user.id],
    );
    const expired = await mfaVerify(api, { mfa_token: mfaToken, code: await totpCode(secret, 1) });
    expect([expired.status, expired.body]).toEqual([
      401,
      { detail: 'Invalid or expired mfa_token' },
    ]);
  });

  it('the refresh cookie mode of the login routes works on mfa/verify', async () => {
    const user = await registerUser(api);
    const { secret } = await enrolTotp(api, user);
    const { mfaToken } = await passwordStep(api, user);
    const res = await mfaVerify(
      api,
      { mfa_token: mfaToken, code: await totpCode(secret, 1) },
      { 'X-Refresh-Cookie': '1' },
    );
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
    expect(res.headers.get('set-cookie')).toMatch(
      /chatops_refresh=ey[^;]+; Path=\/api\/v1\/auth; HttpOnly/,
    );
  });

  it('turning the app off needs the password and a code; afterwards the password alone signs in again', async () => {
    const user = await registerUser(api);
    const { secret, recoveryCodes } = await enrolTotp(api, user);
    const del = (body: unknown) =>
      api.request('DELETE', `${API}/auth/mfa/totp`, body, { token: user.accessToken });
    const noCode = await del({ password: user.password });
    expect(noCode.status).toBe(422);
    const wrongPassword = await del({ password: 'Wrong-pass-1!', code: await totpCode(secret, 1) });
    expect([wrongPassword.status, wrongPassword.body]).toEqual([
      401,
      { detail: 'Current password is incorrect' },
    ]);
    const wrongCode = await del({ password: user.password, code: '000000' });
    expect([wrongCode.status, wrongCode.body]).toEqual([400, { detail: 'Invalid code' }]);
    expect(await api.sql('SELECT 1 FROM mfa_totp WHERE user_id = $1', [user.id])).toHaveLength(1);

    const ok = await del({ password: user.password, code: recoveryCodes[0] });
    expect(ok.status).toBe(204);
    expect(await api.sql('SELECT 1 FROM mfa_totp WHERE user_id = $1', [user.id])).toHaveLength(0);
    expect(
      await api.sql('SELECT 1 FROM mfa_recovery_codes WHERE user_id = $1', [user.id]),
    ).toHaveLength(0);
    expect((await loginRequest(api, user.username, user.password)).status).toBe(200);
  });

  it('writes audit events for enrolment, use, failure and removal, with no code or secret in them', async () => {
    const user = await registerUser(api);
    const { secret, recoveryCodes } = await enrolTotp(api, user);
    const first = await passwordStep(api, user);
    await mfaVerify(api, { mfa_token: first.mfaToken, code: '000000' });
    await mfaVerify(api, { mfa_token: first.mfaToken, code: await totpCode(secret, 1) });
    const second = await passwordStep(api, user);
    await mfaVerify(api, { mfa_token: second.mfaToken, recovery_code: recoveryCodes[0] });
    await api.request(
      'DELETE',
      `${API}/auth/mfa/totp`,
      { password: user.password, code: recoveryCodes[1] },
      { token: user.accessToken },
    );
    const read = async () =>
      api.sql<{ action: string; outcome: string; details: object }>(
        `SELECT action, outcome, details FROM audit_events
         WHERE actor_id = $1 AND action LIKE 'auth.mfa.%' ORDER BY at`,
        [user.id],
      );
    let events = await read();
    for (let i = 0; i < 50 && events.length < 5; i++) {
      await new Promise((r) => setTimeout(r, 100)); // failures are written off the request path
      events = await read();
    }
    expect(events.map((e) => [e.action, e.outcome]).sort()).toEqual(
      [
        ['auth.mfa.enabled', 'success'],
        ['auth.mfa.failed', 'failure'],
        ['auth.mfa.succeeded', 'success'],
        ['auth.mfa.recovery_code_used', 'success'],
        ['auth.mfa.disabled', 'success'],
      ].sort(),
    );
    const dump = JSON.stringify(events);
    expect(dump).not.toContain(secret);
    for (const code of recoveryCodes) expect(dump).not.toContain(code);
  });

  it('keeps the factor through a password change (the reset path does not touch these tables either)', async () => {
    const user: RegisteredUser = await registerUser(api);
    await enrolTotp(api, user);
    const res = await api.request(
      'POST',
      `${API}/users/me/password`,
      { current_password: user.password, new_password: 'An0ther-Strong-Pass!' },
      { token: user.accessToken },
    );
    expect(res.status).toBe(204);
    await passwordStep(api, { username: user.username, password: 'An0ther-Strong-Pass!' });
  });
});

describe('second factor: SecondFactorService.confirmCode, for other flows (self-deletion, §10)', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('passes without an app; with one, takes a current code or a recovery code once, and nothing else', async () => {
    const service = api.app.get(SecondFactorService);
    const dataSource = api.app.get(DataSource);
    const confirm = (userId: string, code?: string) =>
      dataSource.transaction((manager) => service.confirmCode(manager, userId, code));
    const plain = await registerUser(api);
    expect(await confirm(plain.id)).toBe(true);

    const user = await registerUser(api);
    const { secret, recoveryCodes } = await enrolTotp(api, user);
    expect(await confirm(user.id)).toBe(false);
    expect(await confirm(user.id, '000000')).toBe(false);
    const code = await totpCode(secret, 1);
    expect(await confirm(user.id, code)).toBe(true);
    expect(await confirm(user.id, code)).toBe(false); // once
    expect(await confirm(user.id, recoveryCodes[0])).toBe(true);
    expect(await confirm(user.id, recoveryCodes[0])).toBe(false);
    // Spent only when the caller's change commits.
    await dataSource
      .transaction(async (manager) => {
        expect(await service.confirmCode(manager, user.id, recoveryCodes[1])).toBe(true);
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    expect(await confirm(user.id, recoveryCodes[1])).toBe(true);
  });

  it('DELETE /users/me with an authenticator app also needs a code (API.md §10): none or a wrong one is a 401 and the account stays', async () => {
    const user = await registerUser(api);
    const { secret } = await enrolTotp(api, user);
    const remove = (body: Record<string, unknown>) =>
      api.request('DELETE', `${API}/users/me`, body, { token: user.accessToken });
    const without = await remove({ password: user.password });
    expect([without.status, without.body]).toEqual([401, { detail: 'Second factor required' }]);
    const wrong = await remove({ password: user.password, code: '000000' });
    expect([wrong.status, wrong.body]).toEqual([401, { detail: 'Invalid code' }]);
    expect(JSON.stringify(wrong.body)).not.toContain('000000');
    expect(await api.sql('SELECT 1 FROM users WHERE id = $1', [user.id])).toHaveLength(1);
    const done = await remove({ password: user.password, code: await totpCode(secret, 1) });
    expect(done.status).toBe(204);
    expect(await api.sql('SELECT 1 FROM users WHERE id = $1', [user.id])).toHaveLength(0);
  });

  it('a sign-in completed with a code is recorded as auth.login.succeeded with its method, like a password one', async () => {
    const user = await registerUser(api);
    const { secret } = await enrolTotp(api, user);
    const { mfaToken } = await passwordStep(api, user);
    const res = await mfaVerify(api, { mfa_token: mfaToken, code: await totpCode(secret, 1) });
    expect(res.status).toBe(200);
    const rows = await api.sql(
      `SELECT details FROM audit_events WHERE action = 'auth.login.succeeded' AND actor_id = $1`,
      [user.id],
    );
    expect(rows.map((row) => row.details.method)).toContain('password+totp');
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { MfaPurgeService } from '../src/auth/mfa/mfa-purge.service.js';
import { lockoutEnv } from './support/auth-helpers.js';
import { API } from './support/http.js';
import { enrolTotp, mfaVerify, passwordStep, totpCode } from './support/mfa.js';
import { createTestDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { registerUser } from './support/users.js';

describe('second factor: lock-out, and one acceptance per code across instances', () => {
  let a: TestApp;
  let b: TestApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    // Two instances on one database: what one accepted, the other must refuse.
    a = await startTestApp(lockoutEnv(3), database);
    b = await startTestApp(lockoutEnv(3), database);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await drop();
  });

  it('wrong codes lock the second factor; a right password does not reset the count, and a right code is refused while locked', async () => {
    const user = await registerUser(a);
    const { secret } = await enrolTotp(a, user);
    const first = await passwordStep(a, user);
    for (let i = 0; i < 3; i++) {
      const wrong = await mfaVerify(a, { mfa_token: first.mfaToken, code: '000000' });
      expect([wrong.status, wrong.body]).toEqual([401, { detail: 'Invalid code' }]);
    }
    // A fresh password check (which resets the password count) does not reopen the code guesses.
    const second = await passwordStep(a, user);
    const locked = await mfaVerify(a, {
      mfa_token: second.mfaToken,
      code: await totpCode(secret, 1),
    });
    expect([locked.status, locked.body.detail]).toEqual([429, 'Too many requests']);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a code accepted on one instance is refused on the other (compare-and-swap in PostgreSQL)', async () => {
    const user = await registerUser(a);
    const { secret } = await enrolTotp(a, user);
    const code = await totpCode(secret, 1);
    const onA = await passwordStep(a, user);
    const onB = await passwordStep(b, user);
    const [first, second] = await Promise.all([
      mfaVerify(a, { mfa_token: onA.mfaToken, code }),
      mfaVerify(b, { mfa_token: onB.mfaToken, code }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 401]);
    const sessions = await a.sql(
      `SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND auth_method = 'password+totp'`,
      [user.id],
    );
    expect(sessions).toEqual([{ n: 1 }]);
  });

  it('one mfa_token opens one session, even when two verifications race with two good factors', async () => {
    const user = await registerUser(a);
    const { recoveryCodes } = await enrolTotp(a, user);
    const { mfaToken } = await passwordStep(a, user);
    const answers = await Promise.all([
      mfaVerify(a, { mfa_token: mfaToken, recovery_code: recoveryCodes[0] }),
      mfaVerify(b, { mfa_token: mfaToken, recovery_code: recoveryCodes[1] }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
    // The loser's recovery code was not used up (its transaction rolled back).
    const unused = await a.sql(
      'SELECT count(*)::int AS n FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL',
      [user.id],
    );
    expect(unused).toEqual([{ n: 9 }]);
    const status = await a.request('GET', `${API}/auth/mfa`, undefined, {
      token: answers.find((r) => r.status === 200)!.body.access_token,
    });
    expect(status.body.recovery_codes_remaining).toBe(9);
  });
});

describe('second factor: purge of what can no longer be used', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('deletes mfa_tokens and WebAuthn challenges expired over an hour ago, and keeps live ones', async () => {
    const user = await registerUser(api);
    await enrolTotp(api, user);
    const live = await passwordStep(api, user);
    await passwordStep(api, user);
    const liveHash = createHash('sha256').update(live.mfaToken).digest('hex');
    await api.sql(
      `UPDATE mfa_tokens SET expires_at = now() - interval '2 hours'
       WHERE user_id = $1 AND token_hash <> $2`,
      [user.id, liveHash],
    );
    await api.request('POST', `${API}/auth/passkeys/login/options`, {});
    await api.sql(
      `INSERT INTO webauthn_challenges (challenge, purpose, expires_at)
       VALUES ('old-challenge', 'login', now() - interval '2 hours')`,
    );
    const purged = await api.app.get(MfaPurgeService).purge();
    expect(purged).toBe(2);
    expect(await api.sql('SELECT 1 FROM mfa_tokens WHERE user_id = $1', [user.id])).toHaveLength(1);
    expect(await api.sql('SELECT challenge FROM webauthn_challenges')).toHaveLength(1);
    // The one left is still good.
    const res = await mfaVerify(api, { mfa_token: live.mfaToken, code: 'nope' });
    expect(res.body.detail).not.toBe('Invalid or expired mfa_token');
  });
});

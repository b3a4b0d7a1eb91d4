import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { lockoutEnv, login, loginRequest, meUntilRefused } from './support/auth-helpers.js';
import { captureOutput, type CapturedOutput } from './support/captured-output.js';
import { API } from './support/http.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { registerUser } from './support/users.js';
import { sleep } from './support/wait.js';

const NEW_PASSWORD = 'Quiet-Otter-Lantern-7';
const ANSWER = { detail: 'If that address has an account, a reset link is on its way' };

describe('password reset (API.md §10)', () => {
  let smtp: TestSmtpServer;
  let app: TestApp;
  let output: CapturedOutput;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    output = captureOutput();
    app = await startTestApp({
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://console.example.test',
      // Only reset mails in this suite (verification has its own).
      EMAIL_VERIFICATION: 'off',
      LOG_LEVEL: 'debug',
      ...lockoutEnv(3),
      BCRYPT_COST: '4',
    });
  });
  afterAll(async () => {
    await app.close();
    output.stop();
    await smtp.close();
  });

  const requestReset = (email: string) =>
    app.request('POST', `${API}/auth/password-reset`, { email });
  const confirm = (token: string, newPassword = NEW_PASSWORD) =>
    app.request('POST', `${API}/auth/password-reset/confirm`, {
      token,
      new_password: newPassword,
    });

  async function resetLink(email: string): Promise<string> {
    const before = smtp.to(email).length;
    expect((await requestReset(email)).status).toBe(202);
    const mails = await smtp.waitFor(email, before + 1);
    return mails[before].token!;
  }

  it('answers the same 202 body for unknown, disabled and known addresses, and mails only the known active one', async () => {
    const known = await registerUser(app);
    const disabled = await registerUser(app);
    await app.sql(`UPDATE users SET is_active = false WHERE id = $1`, [disabled.id]);
    const unknown = `nobody_${Date.now()}@example.com`;
    const answers = await Promise.all([known.email, disabled.email, unknown].map(requestReset));
    for (const answer of answers) {
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual(ANSWER);
    }
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    await smtp.waitFor(known.email);
    await sleep(1500);
    expect(smtp.to(known.email)).toHaveLength(1);
    expect(smtp.to(disabled.email)).toEqual([]);
    expect(smtp.to(unknown)).toEqual([]);
  });

  it('answers unknown, disabled and known addresses in the same time (median of 50 each within 10 ms)', async () => {
    const known = await registerUser(app);
    const disabled = await registerUser(app);
    await app.sql(`UPDATE users SET is_active = false WHERE id = $1`, [disabled.id]);
    const addresses = {
      unknown: `ghost_${Date.now()}@example.com`,
      disabled: disabled.email,
      known: known.email,
    };
    const times: Record<string, number[]> = { unknown: [], disabled: [], known: [] };
    for (let round = 0; round < 50; round++) {
      for (const [kind, email] of Object.entries(addresses)) {
        const start = performance.now();
        const answer = await requestReset(email);
        times[kind].push(performance.now() - start);
        expect(answer.status).toBe(202);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
    const medians = Object.values(times).map(median);
    expect(Math.max(...medians) - Math.min(...medians)).toBeLessThan(10);
  }, 60_000);

  it('sets the password, ends every session, signs nobody in, and mails a notice', async () => {
    const user = await registerUser(app);
    const second = await login(app, user.username, user.password);
    const token = await resetLink(user.email);

    const answer = await confirm(token);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect(answer.headers.get('set-cookie')).toBeNull();

    expect((await loginRequest(app, user.username, user.password)).status).toBe(401);
    expect((await loginRequest(app, user.username, NEW_PASSWORD)).status).toBe(200);
    for (const refreshToken of [user.refreshToken, second.refresh_token]) {
      const refreshed = await app.request('POST', `${API}/auth/refresh`, {
        refresh_token: refreshToken,
      });
      expect(refreshed.status).toBe(401);
    }
    const started = Date.now();
    expect((await meUntilRefused(app, second.access_token)).status).toBe(401);
    expect(Date.now() - started).toBeLessThan(2500);
    expect((await meUntilRefused(app, user.accessToken)).status).toBe(401);

    const [, notice] = await smtp.waitFor(user.email, 2);
    expect(notice.subject).toMatch(/password was changed/);
    expect(notice.link).toBeUndefined();
    const audit = await app.sql(
      `SELECT action, actor_id, details FROM audit_events WHERE subject_id = $1 ORDER BY at`,
      [user.id],
    );
    expect(audit.filter((e) => e.action.startsWith('auth.password.'))).toEqual([
      { action: 'auth.password.reset_requested', actor_id: user.id, details: {} },
      { action: 'auth.password.reset', actor_id: user.id, details: {} },
    ]);
  });

  it('a link works once; a newer link voids the older one; unknown tokens are refused alike', async () => {
    const user = await registerUser(app);
    const first = await resetLink(user.email);
    // Past the per-address minute: make the first request look older.
    await app.sql(
      `UPDATE mail_outbox SET created_at = created_at - interval '61 seconds' WHERE recipient = $1`,
      [user.email],
    );
    const second = await resetLink(user.email);
    expect(second).not.toBe(first);

    const voided = await confirm(first);
    expect(voided.status).toBe(400);
    expect(voided.body).toEqual({ detail: 'Invalid or expired link' });
    expect((await confirm(second)).status).toBe(204);
    const reused = await confirm(second, 'Another-Fine-Passw0rd!');
    expect(reused.status).toBe(400);
    expect(reused.body).toEqual({ detail: 'Invalid or expired link' });
    expect((await confirm('x'.repeat(43))).body).toEqual({ detail: 'Invalid or expired link' });
    const stored = await app.sql(`SELECT token_hash FROM account_tokens WHERE user_id = $1`, [
      user.id,
    ]);
    expect(stored.map((row) => row.token_hash)).not.toContain(second);
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
  });

  it('an expired link is refused', async () => {
    const user = await registerUser(app);
    const token = await resetLink(user.email);
    await app.sql(
      `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user.id],
    );
    expect((await confirm(token)).status).toBe(400);
  });

  it('a password the policy refuses is a 422 without the token or password in it, and the link stays usable', async () => {
    const user = await registerUser(app);
    const token = await resetLink(user.email);
    const weak = await confirm(token, 'short');
    expect(weak.status).toBe(422);
    expect(weak.text).not.toContain(token);
    expect(weak.body.detail[0]).not.toHaveProperty('input');
    const badToken = await app.request('POST', `${API}/auth/password-reset/confirm`, {
      token: 42,
      new_password: NEW_PASSWORD,
    });
    expect(badToken.status).toBe(422);
    expect(badToken.body.detail[0]).not.toHaveProperty('input');
    expect((await confirm(token)).status).toBe(204);
  });

  it('resets the lock-out: a locked account signs in with the new password at once', async () => {
    const user = await registerUser(app);
    for (let i = 0; i < 3; i++) await loginRequest(app, user.username, 'Wrong-Passw0rd!');
    expect((await loginRequest(app, user.username, user.password)).status).toBe(429);
    const token = await resetLink(user.email);
    expect((await confirm(token)).status).toBe(204);
    expect((await loginRequest(app, user.username, NEW_PASSWORD)).status).toBe(200);
  });

  it('per address: one reset mail a minute, five an hour; beyond, the same 202 and no mail', async () => {
    const user = await registerUser(app);
    await resetLink(user.email);
    const again = await requestReset(user.email);
    expect(again.body).toEqual(ANSWER);
    await sleep(1500);
    expect(smtp.to(user.email)).toHaveLength(1);
    for (let i = 0; i < 4; i++) {
      await app.sql(
        `UPDATE mail_outbox SET created_at = created_at - interval '61 seconds' WHERE recipient = $1`,
        [user.email],
      );
      await resetLink(user.email);
    }
    expect(smtp.to(user.email)).toHaveLength(5);
    await app.sql(
      `UPDATE mail_outbox SET created_at = created_at - interval '61 seconds' WHERE recipient = $1`,
      [user.email],
    );
    expect((await requestReset(user.email)).body).toEqual(ANSWER);
    await sleep(1500);
    expect(smtp.to(user.email)).toHaveLength(5);
  });

  it('an admin mails a user a reset link; 404 for no such user, 403 for non-admins', async () => {
    const user = await registerUser(app);
    const other = await registerUser(app);
    // The first registered user of this database is the admin; make `other` one for the test.
    await app.sql(`UPDATE users SET is_admin = true WHERE id = $1`, [other.id]);
    const adminToken = (await login(app, other.username, other.password)).access_token;
    const sent = await app.request('POST', `${API}/users/${user.id}/password-reset`, undefined, {
      token: adminToken,
    });
    expect(sent.status).toBe(202);
    const [mail] = await smtp.waitFor(user.email);
    expect(mail.subject).toMatch(/reset your password/);
    expect((await confirm(mail.token!)).status).toBe(204);
    const missing = await app.request(
      'POST',
      `${API}/users/00000000-0000-4000-8000-000000000000/password-reset`,
      undefined,
      { token: adminToken },
    );
    expect(missing.status).toBe(404);
    const refused = await app.request(
      'POST',
      `${API}/users/${other.id}/password-reset`,
      undefined,
      // The reset ended the user's sessions: a new one, with the new password.
      { token: (await login(app, user.username, NEW_PASSWORD)).access_token },
    );
    expect(refused.status).toBe(403);
  });

  it('never writes a reset token to the log', () => {
    const tokens = smtp.mails.map((mail) => mail.token).filter((t): t is string => !!t);
    expect(tokens.length).toBeGreaterThan(5);
    const logged = output.text();
    for (const token of tokens) expect(logged).not.toContain(token);
  });
});

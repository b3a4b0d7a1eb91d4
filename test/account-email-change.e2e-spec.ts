import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { lockoutEnv, loginRequest } from './support/auth-helpers.js';
import { API } from './support/http.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import { sleep } from './support/wait.js';

describe('email change (API.md §3 v1.2, §10)', () => {
  let smtp: TestSmtpServer;
  let app: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startTestApp({
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://console.example.test',
      EMAIL_VERIFICATION: 'off',
      ...lockoutEnv(3),
      BCRYPT_COST: '4',
    });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });

  const patchMe = (user: RegisteredUser, body: Record<string, unknown>) =>
    app.request('PATCH', `${API}/users/me`, body, { token: user.accessToken });
  const confirm = (user: RegisteredUser, token: string) =>
    app.request('POST', `${API}/users/me/email/confirm`, { token }, { token: user.accessToken });
  const fresh = (tag: string) =>
    `${tag}_${Date.now()}_${Math.random().toString(36).slice(2, 6)}@example.org`;

  it('answers 202 with pending_email, mails the link to the new address and a masked notice to the old; confirming switches the address', async () => {
    const user = await registerUser(app);
    const next = fresh('new');
    const answer = await patchMe(user, {
      email: next,
      current_password: user.password,
      full_name: 'Renamed Too',
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({
      email: user.email,
      pending_email: next,
      full_name: 'Renamed Too',
    });
    const [link] = await smtp.waitFor(next);
    expect(link.link).toMatch(/^https:\/\/console\.example\.test\/confirm-email#token=/);
    const [notice] = await smtp.waitFor(user.email);
    expect(notice.text).not.toContain(next);
    expect(notice.text).toContain(`${next.slice(0, 2)}***@ex***.org`);
    expect(notice.link).toBeUndefined();

    // Nothing changed yet: the old address still signs in.
    expect((await loginRequest(app, user.email, user.password)).status).toBe(200);
    const confirmed = await confirm(user, link.token!);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ email: next, email_verified: true });
    expect((await loginRequest(app, next, user.password)).status).toBe(200);
    expect((await loginRequest(app, user.email, user.password)).status).toBe(401);
    expect((await confirm(user, link.token!)).status).toBe(400);
    const changed = await smtp.waitFor(user.email, 2);
    expect(changed[1].subject).toMatch(/email address was changed/);
    const actions = await app.sql(
      `SELECT action FROM audit_events WHERE subject_id = $1 AND action LIKE 'auth.email.%' ORDER BY at`,
      [user.id],
    );
    expect(actions.map((a) => a.action)).toEqual([
      'auth.email.change_requested',
      'auth.email.changed',
    ]);
  });

  it('needs current_password (422 without it, 401 when wrong, counted against the lock-out) and changes nothing then', async () => {
    const user = await registerUser(app);
    const next = fresh('pw');
    const missing = await patchMe(user, { email: next });
    expect(missing.status).toBe(422);
    expect(missing.body.detail[0].loc).toEqual(['body', 'current_password']);
    const wrong = await patchMe(user, {
      email: next,
      current_password: 'Wrong-Passw0rd!',
      full_name: 'X',
    });
    expect(wrong.status).toBe(401);
    const me = await app.request('GET', `${API}/users/me`, undefined, { token: user.accessToken });
    expect(me.body.full_name).toBeNull();
    await patchMe(user, { email: next, current_password: 'Wrong-Passw0rd!' });
    await patchMe(user, { email: next, current_password: 'Wrong-Passw0rd!' });
    const locked = await patchMe(user, { email: next, current_password: user.password });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
    await sleep(1200);
    expect(smtp.to(next)).toEqual([]);
    expect(await app.sql(`SELECT id FROM account_tokens WHERE user_id = $1`, [user.id])).toEqual(
      [],
    );
  });

  it('409 when the new address is taken, at request and at confirmation', async () => {
    const user = await registerUser(app);
    const other = await registerUser(app);
    const taken = await patchMe(user, { email: other.email, current_password: user.password });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ detail: 'Username or email already exists' });

    const next = fresh('race');
    expect((await patchMe(user, { email: next, current_password: user.password })).status).toBe(
      202,
    );
    const [link] = await smtp.waitFor(next);
    // Someone else takes the address before the link is used.
    await app.request('POST', `${API}/auth/register`, {
      email: next,
      username: `racer_${Date.now().toString(36)}`,
      password: user.password,
    });
    const late = await confirm(user, link.token!);
    expect(late.status).toBe(409);
    // The failed confirmation left everything as it was (the token is still unused).
    const rows = await app.sql(`SELECT used_at FROM account_tokens WHERE user_id = $1`, [user.id]);
    expect(rows).toEqual([{ used_at: null }]);
  });

  it('a link is good only for the account that asked for it', async () => {
    const user = await registerUser(app);
    const stranger = await registerUser(app);
    const next = fresh('own');
    expect((await patchMe(user, { email: next, current_password: user.password })).status).toBe(
      202,
    );
    const [link] = await smtp.waitFor(next);
    const wrongAccount = await confirm(stranger, link.token!);
    expect(wrongAccount.status).toBe(400);
    expect(wrongAccount.body).toEqual({ detail: 'Invalid or expired link' });
  });

  it('the same address, or no email at all, is a plain 200 profile update', async () => {
    const user = await registerUser(app);
    const same = await patchMe(user, { email: user.email, full_name: 'Same' });
    expect(same.status).toBe(200);
    expect(same.body).not.toHaveProperty('pending_email');
    expect((await patchMe(user, { full_name: 'Only Name' })).status).toBe(200);
  });
});

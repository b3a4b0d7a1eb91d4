import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { decodeJwt, loginRequest, TOKEN_PAIR_KEYS, UUID } from './support/auth-helpers.js';
import { describeInChromium } from './support/browser.js';
import { API } from './support/http.js';
import { enrolTotp, mfaVerify, passwordStep } from './support/mfa.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';
import {
  authenticatorPage,
  createCredential,
  getAssertion,
} from './support/virtual-authenticator.js';

/** The relying party: PUBLIC_URL. Nothing listens there; the browser page is served by Playwright. */
const PUBLIC_URL = 'http://localhost:3999';

describeInChromium("passkeys: WebAuthn with Chromium's virtual authenticator", (chromium) => {
  let api: TestApp;
  let context: BrowserContext;
  const post = (path: string, body: unknown, token?: string) =>
    api.request('POST', `${API}${path}`, body, { token });

  /** A page with an authenticator of its own (a new device). */
  const device = async (): Promise<Page> => (await authenticatorPage(context, PUBLIC_URL)).page;

  async function addPasskey(page: Page, user: RegisteredUser, name?: string) {
    const options = await post(
      '/auth/passkeys/register/options',
      { password: user.password },
      user.accessToken,
    );
    expect(options.status).toBe(200);
    const response = await createCredential(page, options.body);
    const res = await post('/auth/passkeys/register/verify', { response, name }, user.accessToken);
    return { options: options.body, response, res };
  }

  async function passwordless(page: Page) {
    const options = await post('/auth/passkeys/login/options', {});
    expect(options.status).toBe(200);
    const response = await getAssertion(page, options.body);
    return { response, res: await post('/auth/passkeys/login/verify', { response }) };
  }

  beforeAll(async () => {
    api = await startTestApp({ PUBLIC_URL });
    context = await chromium.visitor(PUBLIC_URL);
  });
  afterAll(async () => {
    await api.close();
  });

  it('registration needs the password, gives options for PUBLIC_URL, and keeps the passkey with a name', async () => {
    const user = await registerUser(api);
    const wrong = await post(
      '/auth/passkeys/register/options',
      { password: 'Wrong-pass-1!' },
      user.accessToken,
    );
    expect([wrong.status, wrong.body]).toEqual([401, { detail: 'Current password is incorrect' }]);

    const page = await device();
    const { options, res, response } = await addPasskey(page, user, 'Laptop');
    expect(options.rp).toEqual({ name: 'ChatOps', id: 'localhost' });
    expect(options.authenticatorSelection.residentKey).toBe('required');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(UUID),
      name: 'Laptop',
      created_at: expect.any(String),
      last_used_at: null,
      device_type: expect.any(String),
      backed_up: expect.any(Boolean),
      transports: expect.any(Array),
    });
    const list = await api.request('GET', `${API}/auth/passkeys`, undefined, {
      token: user.accessToken,
    });
    expect(list.body).toEqual({ items: [res.body] });

    // The same answer again: its challenge was used.
    const replay = await post('/auth/passkeys/register/verify', { response }, user.accessToken);
    expect([replay.status, replay.body]).toEqual([400, { detail: 'Passkey registration failed' }]);
  });

  it('refuses a registration made for another origin, and one answering no challenge of ours', async () => {
    const user = await registerUser(api);
    const elsewhere = (await authenticatorPage(context, 'http://localhost:4001')).page;
    const { res } = await addPasskey(elsewhere, user);
    expect([res.status, res.body]).toEqual([400, { detail: 'Passkey registration failed' }]);
    const garbage = await post(
      '/auth/passkeys/register/verify',
      { response: { id: 'x', response: { clientDataJSON: 'not-base64-json' } } },
      user.accessToken,
    );
    expect(garbage.status).toBe(400);
    const notObject = await post(
      '/auth/passkeys/register/verify',
      { response: 'x' },
      user.accessToken,
    );
    expect(notObject.status).toBe(422);
    expect(await api.sql('SELECT 1 FROM passkeys WHERE user_id = $1', [user.id])).toHaveLength(0);
  });

  it('signs in without a password (discoverable credential): tokens, auth_method passkey, last use recorded; an assertion is accepted once', async () => {
    const user = await registerUser(api);
    const page = await device();
    await addPasskey(page, user, 'Phone');
    const { res, response } = await passwordless(page);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(TOKEN_PAIR_KEYS);
    expect(decodeJwt(res.body.access_token).payload.sub).toBe(user.id);
    const sessions = await api.request('GET', `${API}/auth/sessions`, undefined, {
      token: res.body.access_token,
    });
    expect(sessions.body.items.find((s: { current: boolean }) => s.current).auth_method).toBe(
      'passkey',
    );
    const list = await api.request('GET', `${API}/auth/passkeys`, undefined, {
      token: res.body.access_token,
    });
    expect(list.body.items[0].last_used_at).toEqual(expect.any(String));

    const replay = await post('/auth/passkeys/login/verify', { response });
    expect([replay.status, replay.body]).toEqual([401, { detail: 'Passkey not accepted' }]);
  });

  it('checks the signature counter: a stored counter ahead of the authenticator refuses the sign-in', async () => {
    const user = await registerUser(api);
    const page = await device();
    await addPasskey(page, user);
    expect((await passwordless(page)).res.status).toBe(200);
    const [row] = await api.sql('SELECT counter FROM passkeys WHERE user_id = $1', [user.id]);
    expect(Number(row.counter)).toBeGreaterThan(0); // Chromium's authenticator counts
    // As if a clone of this authenticator had signed in 1000 times meanwhile.
    await api.sql('UPDATE passkeys SET counter = counter + 1000 WHERE user_id = $1', [user.id]);
    const { res } = await passwordless(page);
    expect([res.status, res.body]).toEqual([401, { detail: 'Passkey not accepted' }]);
  });

  it('is a second factor: the password step offers "passkey", and an assertion for that mfa_token finishes the sign-in', async () => {
    const user = await registerUser(api);
    const page = await device();
    await addPasskey(page, user);
    const { mfaToken, methods } = await passwordStep(api, user);
    expect(methods).toEqual(['passkey']);
    const options = await post('/auth/mfa/passkey/options', { mfa_token: mfaToken });
    expect(options.status).toBe(200);
    expect(options.body.allowCredentials).toHaveLength(1);
    const passkey = await getAssertion(page, options.body);
    const res = await mfaVerify(api, { mfa_token: mfaToken, passkey });
    expect(res.status).toBe(200);
    const sessions = await api.request('GET', `${API}/auth/sessions`, undefined, {
      token: res.body.access_token,
    });
    expect(sessions.body.items.find((s: { current: boolean }) => s.current).auth_method).toBe(
      'password+passkey',
    );
    // An assertion made for another login's options does not finish this one.
    const other = await passwordStep(api, user);
    const again = await mfaVerify(api, { mfa_token: other.mfaToken, passkey });
    expect([again.status, again.body]).toEqual([401, { detail: 'Invalid code' }]);
  });

  it("renames and deletes (with the password) only the caller's own passkeys; the last factor needs that passkey's confirmation; with none left the password alone signs in", async () => {
    const user = await registerUser(api);
    const stranger = await registerUser(api);
    const page = await device();
    const { res } = await addPasskey(page, user);
    const id = res.body.id;
    const renamed = await api.request(
      'PATCH',
      `${API}/auth/passkeys/${id}`,
      { name: '  Work laptop ' },
      { token: user.accessToken },
    );
    expect([renamed.status, renamed.body.name]).toEqual([200, 'Work laptop']);
    const foreign = await api.request(
      'PATCH',
      `${API}/auth/passkeys/${id}`,
      { name: 'mine' },
      { token: stranger.accessToken },
    );
    expect(foreign.status).toBe(404);
    const del = (token: string, body: Record<string, unknown>) =>
      api.request('DELETE', `${API}/auth/passkeys/${id}`, body, { token });
    expect((await del(stranger.accessToken, { password: stranger.password })).status).toBe(404);
    const wrong = await del(user.accessToken, { password: 'Wrong-pass-1!' });
    expect(wrong.status).toBe(401);

    // The last factor: the password (and a stolen access token) are not enough.
    const passwordOnly = await del(user.accessToken, { password: user.password });
    expect([passwordOnly.status, passwordOnly.body]).toEqual([
      403,
      { detail: 'Removing your last second factor needs a confirmation with that passkey' },
    ]);
    // An assertion for a login challenge does not confirm a removal.
    const loginOptions = await post('/auth/passkeys/login/options', {});
    const forLogin = await getAssertion(page, loginOptions.body);
    const misused = await del(user.accessToken, { password: user.password, passkey: forLogin });
    expect(misused.status).toBe(401);
    expect(await api.sql('SELECT 1 FROM passkeys WHERE id = $1', [id])).toHaveLength(1);

    const options = await post('/auth/passkeys/confirm/options', {}, user.accessToken);
    expect(options.status).toBe(200);
    const passkey = await getAssertion(page, options.body);
    expect((await del(user.accessToken, { password: user.password, passkey })).status).toBe(204);
    expect((await loginRequest(api, user.username, user.password)).status).toBe(200);
    // The deleted passkey no longer signs in.
    const { res: after } = await passwordless(page);
    expect(after.status).toBe(401);
  });

  it('a passkey beside the authenticator app, or beside another passkey, is deleted with the password alone', async () => {
    const user = await registerUser(api);
    const page = await device();
    const first = (await addPasskey(page, user, 'One')).res.body.id;
    const second = (await addPasskey(await device(), user, 'Two')).res.body.id;
    const del = (id: string) =>
      api.request(
        'DELETE',
        `${API}/auth/passkeys/${id}`,
        { password: user.password },
        { token: user.accessToken },
      );
    expect((await del(first)).status).toBe(204);
    expect((await del(second)).status).toBe(403); // now the last one
    await enrolTotp(api, user);
    expect((await del(second)).status).toBe(204);
  });

  it('audits registration, rename, use, failure and deletion of passkeys', async () => {
    const user = await registerUser(api);
    const page = await device();
    const { res } = await addPasskey(page, user);
    await api.request(
      'PATCH',
      `${API}/auth/passkeys/${res.body.id}`,
      { name: 'Renamed' },
      { token: user.accessToken },
    );
    const { response } = await passwordless(page);
    await post('/auth/passkeys/login/verify', { response }); // a replay: refused
    const options = await post('/auth/passkeys/confirm/options', {}, user.accessToken);
    const deleted = await api.request(
      'DELETE',
      `${API}/auth/passkeys/${res.body.id}`,
      { password: user.password, passkey: await getAssertion(page, options.body) },
      { token: user.accessToken },
    );
    expect(deleted.status).toBe(204);
    const read = () =>
      api.sql<{ action: string }>(
        `SELECT action FROM audit_events WHERE actor_id = $1 AND action LIKE 'auth.passkey.%'`,
        [user.id],
      );
    let events = await read();
    for (let i = 0; i < 50 && events.length < 5; i++) {
      await new Promise((r) => setTimeout(r, 100));
      events = await read();
    }
    expect(events.map((e) => e.action).sort()).toEqual([
      'auth.passkey.deleted',
      'auth.passkey.failed',
      'auth.passkey.registered',
      'auth.passkey.renamed',
      'auth.passkey.succeeded',
    ]);
  });
});

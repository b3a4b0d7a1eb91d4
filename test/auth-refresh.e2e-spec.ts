import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  decodeJwt,
  expectNotAuthenticated,
  login,
  meUntilRefused,
  signJwt,
  TOKEN_PAIR_KEYS,
} from './support/auth-helpers.js';
import { API } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('POST /auth/refresh', () => {
  let api: TestApp;
  let user: RegisteredUser;
  const refresh = (refresh_token: unknown) =>
    api.request('POST', `${API}/auth/refresh`, { refresh_token });
  const me = (token: string) => api.request('GET', `${API}/auth/me`, undefined, { token });
  const freshLogin = () => login(api, user.username, user.password);
  /** Moves the session's last rotation out of the reuse leeway, as if the client waited a minute. */
  const leewayPassed = (refreshToken: string) =>
    api.sql(`UPDATE sessions SET rotated_at = now() - interval '1 minute' WHERE id = $1`, [
      decodeJwt(refreshToken).payload.sid,
    ]);

  beforeAll(async () => {
    api = await startTestApp();
    user = await registerUser(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('rotates: 200 with exactly the four token fields, a new access and a new refresh token of the same session', async () => {
    const first = await freshLogin();
    const res = await refresh(first.refresh_token);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(TOKEN_PAIR_KEYS);
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
    expect(res.body.access_token).not.toBe(first.access_token);
    expect(res.body.refresh_token).not.toBe(first.refresh_token);
    const [before, after] = [
      decodeJwt(first.refresh_token).payload,
      decodeJwt(res.body.refresh_token).payload,
    ];
    expect(after.sid).toBe(before.sid);
    expect(after.jti).not.toBe(before.jti);
    expect(decodeJwt(res.body.access_token).payload).toMatchObject({
      sid: before.sid,
      type: 'access',
      sub: user.id,
    });
    expect((await me(res.body.access_token)).status).toBe(200);
  });

  it('keeps rotating along a chain of refreshes', async () => {
    let token = (await freshLogin()).refresh_token;
    for (let i = 0; i < 3; i++) {
      const res = await refresh(token);
      expect(res.status).toBe(200);
      token = res.body.refresh_token;
    }
  });

  it('retires the presented token: presented again after the leeway it is refused with 401', async () => {
    const first = await freshLogin();
    expect((await refresh(first.refresh_token)).status).toBe(200);
    await leewayPassed(first.refresh_token);
    expectNotAuthenticated(await refresh(first.refresh_token));
  });

  it('revokes the whole session when a retired token is reused after the leeway: newest refresh token and access tokens stop working', async () => {
    const first = await freshLogin();
    const second = (await refresh(first.refresh_token)).body;
    const third = (await refresh(second.refresh_token)).body;
    const other = await freshLogin();
    await leewayPassed(first.refresh_token);

    expectNotAuthenticated(await refresh(second.refresh_token));
    expectNotAuthenticated(await refresh(third.refresh_token));
    expectNotAuthenticated(await meUntilRefused(api, third.access_token));
    expectNotAuthenticated(await meUntilRefused(api, first.access_token));
    const [row] = await api.sql('SELECT revoked_at FROM sessions WHERE id = $1', [
      decodeJwt(first.refresh_token).payload.sid,
    ]);
    expect(row.revoked_at).toBeInstanceOf(Date);
    // Another session of the same user is not part of that family.
    expect((await me(other.access_token)).status).toBe(200);
    expect((await refresh(other.refresh_token)).status).toBe(200);
  });

  it('answers a retry of the same refresh within the leeway with the very same tokens, without revoking', async () => {
    const first = await freshLogin();
    const answer = await refresh(first.refresh_token);
    const retry = await refresh(first.refresh_token);
    expect([retry.status, retry.body]).toEqual([200, answer.body]);
    expect((await me(answer.body.access_token)).status).toBe(200);
    expect((await refresh(answer.body.refresh_token)).status).toBe(200);
  });

  it('never mints two different pairs for two concurrent refreshes of one token, and the family stays usable', async () => {
    for (let round = 0; round < 5; round++) {
      const { refresh_token } = await freshLogin();
      const answers = await Promise.all([refresh(refresh_token), refresh(refresh_token)]);
      const ok = answers.filter((a) => a.status === 200);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      for (const failed of answers.filter((a) => a.status !== 200)) expectNotAuthenticated(failed);
      if (ok.length === 2) expect(ok[1].body).toEqual(ok[0].body);
      const next = await refresh(ok[0].body.refresh_token);
      expect(next.status).toBe(200);
      expect((await me(next.body.access_token)).status).toBe(200);
    }
  });

  it('gives one answer to many concurrent refreshes of one token', async () => {
    const { refresh_token } = await freshLogin();
    const answers = await Promise.all(Array.from({ length: 6 }, () => refresh(refresh_token)));
    const pairs = new Set(answers.filter((a) => a.status === 200).map((a) => a.text));
    expect(pairs.size).toBe(1);
  });

  it('refuses an access token with 401', async () => {
    const { access_token } = await freshLogin();
    expectNotAuthenticated(await refresh(access_token));
  });

  it.each(['garbage', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9.e30.xxxx'])(
    'refuses the malformed token %j with 401',
    async (token) => {
      expectNotAuthenticated(await refresh(token));
    },
  );

  it('refuses a refresh token signed with another secret', async () => {
    const claims = decodeJwt((await freshLogin()).refresh_token).payload;
    expectNotAuthenticated(
      await refresh(signJwt(claims, 'an-attacker-secret-of-at-least-32-bytes!!')),
    );
  });

  it('refuses a refresh token of a session that was logged out', async () => {
    const pair = await freshLogin();
    expect(
      (await api.request('POST', `${API}/auth/logout`, undefined, { token: pair.access_token }))
        .status,
    ).toBe(204);
    expectNotAuthenticated(await refresh(pair.refresh_token));
  });

  it('answers a missing, empty or non-string refresh_token with 422 without echoing it', async () => {
    const missing = await api.request('POST', `${API}/auth/refresh`, {});
    expect(missing.body).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'refresh_token'], msg: 'Field required' }],
    });
    const empty = await refresh('');
    expect(empty.body).toEqual({
      detail: [
        {
          type: 'string_too_short',
          loc: ['body', 'refresh_token'],
          msg: 'String should have at least 1 character',
        },
      ],
    });
    const number = await refresh(12345);
    expect(number.body).toEqual({
      detail: [
        {
          type: 'string_type',
          loc: ['body', 'refresh_token'],
          msg: 'Input should be a valid string',
        },
      ],
    });
  });

  it('stores only the SHA-256 of refresh tokens: no column of any session holds a token', async () => {
    const first = await freshLogin();
    const second = (await refresh(first.refresh_token)).body;
    const sid = decodeJwt(first.refresh_token).payload.sid;
    const [row] = await api.sql('SELECT * FROM sessions WHERE id = $1', [sid]);
    expect(row.refresh_token_hash).toBe(sha256(second.refresh_token));
    expect(row.previous_refresh_token_hash).toBe(sha256(first.refresh_token));
    const everything = JSON.stringify(await api.sql('SELECT * FROM sessions'));
    for (const token of [
      first.refresh_token,
      first.access_token,
      second.refresh_token,
      second.access_token,
    ]) {
      const signature = token.split('.')[2];
      expect(everything).not.toContain(signature);
    }
  });
});

describe('POST /auth/refresh with REFRESH_TOKEN_TTL=2', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ REFRESH_TOKEN_TTL: '2' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('accepts a refresh token within its 2 seconds of life and refuses it once it has expired', async () => {
    const user = await registerUser(api);
    const fresh = await api.request('POST', `${API}/auth/refresh`, {
      refresh_token: user.refreshToken,
    });
    expect(fresh.status).toBe(200);
    const token = fresh.body.refresh_token as string;
    const expiresAt = decodeJwt(token).payload.exp as number;
    await new Promise((resolve) => setTimeout(resolve, (expiresAt + 1) * 1000 - Date.now() + 50));
    expectNotAuthenticated(
      await api.request('POST', `${API}/auth/refresh`, { refresh_token: token }),
    );
  });
});

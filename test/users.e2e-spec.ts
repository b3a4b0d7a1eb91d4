import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  expectNoPasswordHash,
  expectNotAuthenticated,
  login,
  meUntilRefused,
} from './support/auth-helpers.js';
import { API } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

const DUPLICATE = { detail: 'Username or email already exists' };

describe('PATCH /users/me', () => {
  let api: TestApp;
  let admin: RegisteredUser;
  let user: RegisteredUser;
  const patch = (body: unknown, token = user.accessToken) =>
    api.request('PATCH', `${API}/users/me`, body, { token });

  beforeAll(async () => {
    api = await startTestApp();
    admin = await registerUser(api, { username: 'Admin_One', email: 'admin.one@example.com' });
  });
  beforeEach(async () => {
    user = await registerUser(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('changes full_name and username at once, and asks for a new email (v1.2: 202 with pending_email, lower-cased); names trimmed', async () => {
    const res = await patch({
      full_name: '  Grace Hopper ',
      username: '  Grace.H  ',
      email: ' Grace@Example.ORG ',
      current_password: user.password,
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      id: user.id,
      full_name: 'Grace Hopper',
      username: 'Grace.H',
      email: user.email,
      pending_email: 'grace@example.org',
    });
    expectNoPasswordHash(res);
    const [row] = await api.sql('SELECT username, email, full_name FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(row).toEqual({
      username: 'Grace.H',
      email: user.email,
      full_name: 'Grace Hopper',
    });
  });

  it('lets the user log in with the new username', async () => {
    await patch({ username: 'renamed_user' });
    await expect(login(api, 'RENAMED_USER', user.password)).resolves.toBeDefined();
  });

  it('changes only what is sent', async () => {
    const res = await patch({ full_name: 'Only Name' });
    expect(res.body).toMatchObject({
      username: user.username,
      email: user.email,
      full_name: 'Only Name',
    });
  });

  it('clears full_name with null or an empty string', async () => {
    await patch({ full_name: 'Someone' });
    expect((await patch({ full_name: null })).body.full_name).toBeNull();
    await patch({ full_name: 'Someone' });
    expect((await patch({ full_name: '   ' })).body.full_name).toBeNull();
  });

  it('ignores unknown fields, including is_admin, is_active and id', async () => {
    const res = await patch({
      is_admin: true,
      is_active: false,
      id: admin.id,
      full_name: 'Still Me',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: user.id,
      is_admin: false,
      is_active: true,
      full_name: 'Still Me',
    });
  });

  it('keeps its own username in another case (no collision with itself)', async () => {
    const res = await patch({ username: user.username.toUpperCase() });
    expect([res.status, res.body.username]).toEqual([200, user.username.toUpperCase()]);
  });

  it('answers 409 for a username taken in another case, and changes nothing', async () => {
    const res = await patch({ username: 'admin_ONE', full_name: 'Should Not Stick' });
    expect([res.status, res.body]).toEqual([409, DUPLICATE]);
    expect(await api.sql('SELECT username, full_name FROM users WHERE id = $1', [user.id])).toEqual(
      [{ username: user.username, full_name: null }],
    );
  });

  it('answers the same 409 for an email taken in another case', async () => {
    const res = await patch({ email: 'ADMIN.ONE@example.com', current_password: user.password });
    expect([res.status, res.body]).toEqual([409, DUPLICATE]);
  });

  it('answers 422 with loc and input for a bad username or email', async () => {
    const res = await patch({ username: 'no spaces', email: 'nope' });
    expect([res.status, res.body]).toEqual([
      422,
      {
        detail: [
          {
            type: 'value_error',
            loc: ['body', 'email'],
            msg: 'value is not a valid email address',
            input: 'nope',
          },
          {
            type: 'string_pattern_mismatch',
            loc: ['body', 'username'],
            msg: 'Username may contain only letters, digits, and _ . -',
            input: 'no spaces',
          },
        ],
      },
    ]);
  });

  it('answers 422 (not 500) for a null username or email', async () => {
    const res = await patch({ username: null, email: null });
    expect([res.status, res.body]).toEqual([
      422,
      {
        detail: [
          {
            type: 'string_type',
            loc: ['body', 'email'],
            msg: 'Input should be a valid string',
            input: null,
          },
          {
            type: 'string_type',
            loc: ['body', 'username'],
            msg: 'Input should be a valid string',
            input: null,
          },
        ],
      },
    ]);
  });

  it('answers 401 without a token', async () => {
    expectNotAuthenticated(await api.request('PATCH', `${API}/users/me`, { full_name: 'x' }));
  });
});

describe('POST /users/me/password', () => {
  let api: TestApp;
  let user: RegisteredUser;
  const NEW_PASSWORD = 'Brand-New-Secret-42!';
  const change = (body: unknown, token = user.accessToken) =>
    api.request('POST', `${API}/users/me/password`, body, { token });
  const loginStatus = async (password: string) =>
    (
      await api.request(
        'POST',
        `${API}/auth/login`,
        { username: user.username, password },
        { form: true },
      )
    ).status;

  beforeAll(async () => {
    api = await startTestApp();
  });
  beforeEach(async () => {
    user = await registerUser(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers 401 for a wrong current password, and keeps the old password', async () => {
    const res = await change({
      current_password: 'Not-The-Password-1!',
      new_password: NEW_PASSWORD,
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'Current password is incorrect' });
    expect(await loginStatus(user.password)).toBe(200);
  });

  it('answers 422 at loc new_password, without input, for a password the policy refuses', async () => {
    const res = await change({ current_password: user.password, new_password: 'weakpass' });
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([
      expect.objectContaining({ type: 'value_error', loc: ['body', 'new_password'] }),
    ]);
    expect(res.body.detail[0]).not.toHaveProperty('input');
  });

  it('refuses a new password containing the username', async () => {
    const res = await change({
      current_password: user.password,
      new_password: `X1!${user.username}`,
    });
    expect(res.body.detail).toEqual([
      {
        type: 'value_error',
        loc: ['body', 'new_password'],
        msg: 'Password must not contain the username or email',
      },
    ]);
  });

  it('answers 422 for missing fields, naming both without input', async () => {
    const res = await change({});
    expect(res.body).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'current_password'], msg: 'Field required' },
        { type: 'missing', loc: ['body', 'new_password'], msg: 'Field required' },
      ],
    });
  });

  it('never echoes current_password or new_password, whatever their type', async () => {
    const res = await change({ current_password: 12345, new_password: ['x'] });
    expect(res.status).toBe(422);
    expect(res.body.detail).toHaveLength(2);
    for (const item of res.body.detail) expect(item).not.toHaveProperty('input');
  });

  it('answers 204; the new password works, the old one does not', async () => {
    const res = await change({ current_password: user.password, new_password: NEW_PASSWORD });
    expect([res.status, res.text]).toEqual([204, '']);
    expect(await loginStatus(NEW_PASSWORD)).toBe(200);
    expect(await loginStatus(user.password)).toBe(401);
  });

  it("ends every other session of the user, and the caller's own session survives", async () => {
    const other = await login(api, user.username, user.password);
    expect(
      (await change({ current_password: user.password, new_password: NEW_PASSWORD })).status,
    ).toBe(204);
    expectNotAuthenticated(await meUntilRefused(api, other.access_token));
    expectNotAuthenticated(
      await api.request('POST', `${API}/auth/refresh`, { refresh_token: other.refresh_token }),
    );
    expect(
      (await api.request('GET', `${API}/users/me`, undefined, { token: user.accessToken })).status,
    ).toBe(200);
    expect(
      (await api.request('POST', `${API}/auth/refresh`, { refresh_token: user.refreshToken }))
        .status,
    ).toBe(200);
  });

  it('answers 401 without a token', async () => {
    expectNotAuthenticated(
      await api.request('POST', `${API}/users/me/password`, {
        current_password: 'a',
        new_password: 'b',
      }),
    );
  });
});

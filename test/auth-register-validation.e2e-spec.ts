import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { STRONG_PASSWORD } from './support/users.js';

const VALID = { email: 'valid@example.com', username: 'valid_user', password: STRONG_PASSWORD };

describe('POST /auth/register: 422 answers', () => {
  let api: TestApp;
  const register = (body: unknown) => api.request('POST', `${API}/auth/register`, body);
  const registerWith = (changes: Record<string, unknown>) => register({ ...VALID, ...changes });

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('reports each missing required field, in field order, without input', async () => {
    const res = await register({});
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'email'], msg: 'Field required' },
        { type: 'missing', loc: ['body', 'username'], msg: 'Field required' },
        { type: 'missing', loc: ['body', 'password'], msg: 'Field required' },
      ],
    });
  });

  it('treats no body at all like an empty object', async () => {
    const res = await api.request('POST', `${API}/auth/register`);
    expect(res.status).toBe(422);
    expect(res.body.detail.map((d: { loc: string[] }) => d.loc[1])).toEqual([
      'email',
      'username',
      'password',
    ]);
  });

  it('answers a JSON array body with model_attributes_type at loc ["body"]', async () => {
    const res = await register([VALID]);
    expect([res.status, res.body]).toEqual([
      422,
      {
        detail: [
          { type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid object' },
        ],
      },
    ]);
  });

  it('answers malformed JSON with 400 "Malformed request body"', async () => {
    const res = await api.request('POST', `${API}/auth/register`, undefined, {
      raw: '{"email": "a@b.c", ',
    });
    expect([res.status, res.body]).toEqual([400, { detail: 'Malformed request body' }]);
  });

  it('refuses an invalid email with value_error, echoing the value as sent', async () => {
    const res = await registerWith({ email: 'Not-An-Email' });
    expect(res.body).toEqual({
      detail: [
        {
          type: 'value_error',
          loc: ['body', 'email'],
          msg: 'value is not a valid email address',
          input: 'Not-An-Email',
        },
      ],
    });
  });

  it('refuses an email longer than 254 characters with string_too_long', async () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`;
    expect(email.length).toBe(255);
    const res = await registerWith({ email });
    expect(res.body.detail).toEqual([
      {
        type: 'string_too_long',
        loc: ['body', 'email'],
        msg: 'String should have at most 254 characters',
        input: email,
      },
    ]);
  });

  it.each([
    ['ab', 'string_too_short', 'String should have at least 3 characters'],
    ['a'.repeat(33), 'string_too_long', 'String should have at most 32 characters'],
    [
      'bad name!',
      'string_pattern_mismatch',
      'Username may contain only letters, digits, and _ . -',
    ],
    ['námé', 'string_pattern_mismatch', 'Username may contain only letters, digits, and _ . -'],
    [12345, 'string_type', 'Input should be a valid string'],
  ])('refuses the username %j with %s, echoing it', async (username, type, msg) => {
    const res = await registerWith({ username });
    expect([res.status, res.body]).toEqual([
      422,
      { detail: [{ type, loc: ['body', 'username'], msg, input: username }] },
    ]);
  });

  it('refuses a non-string full_name and name, and a full_name over 200 characters, at their own loc', async () => {
    const res = await registerWith({ name: 42, full_name: 'x'.repeat(201) });
    expect(res.body.detail).toEqual([
      {
        type: 'string_too_long',
        loc: ['body', 'full_name'],
        msg: 'String should have at most 200 characters',
        input: 'x'.repeat(201),
      },
      {
        type: 'string_type',
        loc: ['body', 'name'],
        msg: 'Input should be a valid string',
        input: 42,
      },
    ]);
  });

  it('reports several bad fields at once, one item per field', async () => {
    const res = await register({ email: 'nope', username: 'x', password: 'Sh0rt!' });
    expect(res.body.detail.map((d: { loc: string[]; type: string }) => [d.loc[1], d.type])).toEqual(
      [
        ['email', 'value_error'],
        ['username', 'string_too_short'],
      ],
    );
  });

  it('created no user for any of the refused registrations above', async () => {
    expect(await api.sql('SELECT username FROM users')).toEqual([]);
  });
});

describe('POST /auth/register: password rules (secret fields are never echoed)', () => {
  let api: TestApp;
  const registerWith = (changes: Record<string, unknown>) =>
    api.request('POST', `${API}/auth/register`, { ...VALID, ...changes });

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses a non-string password and password_confirm with string_type and no input', async () => {
    const res = await registerWith({ password: 12345678, password_confirm: ['x'] });
    expect(res.body).toEqual({
      detail: [
        { type: 'string_type', loc: ['body', 'password'], msg: 'Input should be a valid string' },
        {
          type: 'string_type',
          loc: ['body', 'password_confirm'],
          msg: 'Input should be a valid string',
        },
      ],
    });
  });

  it('refuses a password_confirm different from password with 422 at loc password_confirm', async () => {
    const res = await registerWith({ password_confirm: STRONG_PASSWORD + 'x' });
    expect([res.status, res.body]).toEqual([
      422,
      {
        detail: [
          { type: 'value_error', loc: ['body', 'password_confirm'], msg: 'Passwords do not match' },
        ],
      },
    ]);
  });

  it('refuses a 7-character password with string_too_short and no input', async () => {
    const res = await registerWith({ password: 'Ab1!xyz' });
    expect(res.body).toEqual({
      detail: [
        {
          type: 'string_too_short',
          loc: ['body', 'password'],
          msg: 'String should have at least 8 characters',
        },
      ],
    });
  });

  it('refuses a 70-character password of more than 72 bytes (2-byte characters) instead of truncating it', async () => {
    const password = 'ééé' + 'Aa1!' + 'k'.repeat(63);
    const res = await registerWith({ password, password_confirm: password });
    expect(res.body).toEqual({
      detail: [
        {
          type: 'string_too_long',
          loc: ['body', 'password'],
          msg: 'String should have at most 72 bytes',
        },
      ],
    });
  });

  it('refuses a very long password with string_too_long and no input', async () => {
    const res = await registerWith({ password: 'Aa1!'.repeat(1000) });
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([
      expect.objectContaining({ type: 'string_too_long', loc: ['body', 'password'] }),
    ]);
    expect(res.body.detail[0]).not.toHaveProperty('input');
  });

  it('names every broken composition rule in one item', async () => {
    const res = await registerWith({ password: 'qzxvkwptrs' });
    expect(res.body).toEqual({
      detail: [
        {
          type: 'value_error',
          loc: ['body', 'password'],
          msg: 'Password must contain at least one uppercase letter; Password must contain at least one number; Password must contain at least one special character',
        },
      ],
    });
  });

  it('refuses a password containing the username', async () => {
    const res = await registerWith({ username: 'Zebra_42', password: 'My-zebra_42-Pass!' });
    expect(res.body.detail).toEqual([
      {
        type: 'value_error',
        loc: ['body', 'password'],
        msg: 'Password must not contain the username or email',
      },
    ]);
  });

  it('refuses a password containing the email local part', async () => {
    const res = await registerWith({ email: 'quokka@example.com', password: 'Q1-QUOKKA-zz!' });
    expect(res.body.detail).toEqual([
      {
        type: 'value_error',
        loc: ['body', 'password'],
        msg: 'Password must not contain the username or email',
      },
    ]);
  });

  it('refuses a common password in its decorated form "Password123!"', async () => {
    const res = await registerWith({ password: 'Password123!' });
    expect(res.body.detail).toEqual([
      { type: 'value_error', loc: ['body', 'password'], msg: 'Password is too common' },
    ]);
  });

  it('created no user for any of the refused passwords above', async () => {
    expect(await api.sql('SELECT username FROM users')).toEqual([]);
  });
});

describe('POST /auth/register with PASSWORD_POLICY=length', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ PASSWORD_POLICY: 'length' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('accepts a long password without upper case, digit or symbol', async () => {
    const res = await api.request('POST', `${API}/auth/register`, {
      ...VALID,
      password: 'correct horse battery staple',
    });
    expect(res.status).toBe(201);
  });

  it('still refuses a short password and a common one', async () => {
    const short = await api.request('POST', `${API}/auth/register`, {
      ...VALID,
      username: 'user_two',
      email: 'u2@example.com',
      password: 'abcdefg',
    });
    const common = await api.request('POST', `${API}/auth/register`, {
      ...VALID,
      username: 'user_three',
      email: 'u3@example.com',
      password: 'password1',
    });
    expect([short.status, short.body.detail[0].type]).toEqual([422, 'string_too_short']);
    expect([common.status, common.body.detail[0].msg]).toEqual([422, 'Password is too common']);
  });
});

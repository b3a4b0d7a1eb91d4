import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API } from './support/http.js';
import { createKey, createServer } from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser, STRONG_PASSWORD } from './support/users.js';

/**
 * Text hygiene (API.md §1 v1.1): every name-like field is one line of visible text, and emails
 * refuse the same characters and are stored NFC-normalised. The unit spec beside
 * src/common/text-hygiene.ts goes over every refused code point; here each field is probed with
 * the characters the black-box attack got through.
 */
const PROBES: [string, string][] = [
  ['U+200B zero width space', '\u200b'],
  ['U+200C zero width non-joiner', '\u200c'],
  ['U+200D zero width joiner', '\u200d'],
  ['U+2060 word joiner', '\u2060'],
  ['U+00AD soft hyphen', '\u00ad'],
  ['U+FEFF zero width no-break space', '\ufeff'],
  ['U+202E right-to-left override', '\u202e'],
  ['U+2066 left-to-right isolate', '\u2066'],
  ['U+200F right-to-left mark', '\u200f'],
  ['U+0085 next line (C1)', '\u0085'],
  ['U+009B control sequence introducer (C1)', '\u009b'],
  ['U+2028 line separator', '\u2028'],
  ['U+2029 paragraph separator', '\u2029'],
  ['a tab', '\t'],
  ['a newline', '\n'],
];

/** `text` with `character` inside it (never at an end, where names are trimmed). */
const inside = (text: string, character: string) => text.slice(0, 2) + character + text.slice(2);

describe('name-like fields and emails are one line of visible text', () => {
  let api: TestApp;
  let user: RegisteredUser;
  let serverId: string;
  let keyId: string;

  beforeAll(async () => {
    api = await startTestApp();
    user = await registerUser(api, { username: 'hygiene_user' });
    serverId = (await createServer(api, user, { name: 'web-01' })).id;
    keyId = (await createKey(api, user, serverId)).id;
  });
  afterAll(async () => {
    await api.close();
  });

  /**
   * Sends `body` with `field` holding each probe (through `wrap` for list fields); returns every
   * answer that is not a 422 naming that field alone.
   */
  async function accepted(
    method: string,
    path: string,
    body: Record<string, unknown>,
    field: string,
    value: string,
    wrap: (text: string) => unknown = (text) => text,
  ): Promise<string[]> {
    const wrong: string[] = [];
    for (const [label, character] of PROBES) {
      const res = await api.request(
        method,
        `${API}${path}`,
        { ...body, [field]: wrap(inside(value, character)) },
        { token: user.accessToken },
      );
      const locs = res.status === 422 ? res.body.detail.map((d: { loc: unknown[] }) => d.loc) : [];
      const ok =
        res.status === 422 &&
        locs.length === 1 &&
        locs[0][1] === field &&
        res.body.detail[0].type === 'string_pattern_mismatch';
      if (!ok) wrong.push(`${field} with ${label} → ${res.status} ${res.text.slice(0, 160)}`);
    }
    return wrong;
  }

  it('POST /auth/register: email, username, full_name and name', async () => {
    const body = { email: 'new@example.com', username: 'new_user', password: STRONG_PASSWORD };
    expect([
      ...(await accepted('POST', '/auth/register', body, 'email', 'admin@example.com')),
      ...(await accepted('POST', '/auth/register', body, 'username', 'new_user')),
      ...(await accepted('POST', '/auth/register', body, 'full_name', 'Ada Lovelace')),
      ...(await accepted('POST', '/auth/register', body, 'name', 'Ada Lovelace')),
    ]).toEqual([]);
    expect(
      await api.sql("SELECT email FROM users WHERE email <> 'hygiene_user@example.com'"),
    ).toEqual([]);
  });

  it('refuses the look-alike emails of the report, the domain included', async () => {
    await registerUser(api, { username: 'admin', email: 'admin@example.com' });
    for (const email of [
      'ad\u200bmin@example.com',
      'admin\u202e@example.com',
      'ad\u2060min@example.com',
      'ad\u00admin@example.com',
      'admin@exa\u200dmple.com',
    ]) {
      const res = await api.request('POST', `${API}/auth/register`, {
        email,
        username: 'lookalike',
        password: STRONG_PASSWORD,
      });
      expect([email, res.status, res.body.detail?.[0]?.loc]).toEqual([
        email,
        422,
        ['body', 'email'],
      ]);
    }
  });

  it('PATCH /users/me: email, username and full_name', async () => {
    expect([
      ...(await accepted('PATCH', '/users/me', {}, 'email', 'someone@example.com')),
      ...(await accepted('PATCH', '/users/me', {}, 'username', 'someone')),
      ...(await accepted('PATCH', '/users/me', {}, 'full_name', 'Some One')),
    ]).toEqual([]);
    const [row] = await api.sql('SELECT email, username, full_name FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(row).toEqual({
      email: 'hygiene_user@example.com',
      username: 'hygiene_user',
      full_name: null,
    });
  });

  it('POST /servers and PATCH /servers/{id}: name, hostname, description and every tag', async () => {
    const wrong: string[] = [];
    for (const [method, path, body] of [
      ['POST', '/servers', { name: 'fresh' }],
      ['PATCH', `/servers/${serverId}`, {}],
    ] as const) {
      wrong.push(
        ...(await accepted(method, path, body, 'name', 'web-02')),
        ...(await accepted(method, path, body, 'hostname', 'web-02.example.com')),
        ...(await accepted(method, path, body, 'description', 'Front web server')),
        ...(await accepted(method, path, body, 'tags', 'prod', (tag) => ['eu', tag])),
      );
    }
    expect(wrong).toEqual([]);
    expect(await api.sql('SELECT name, hostname, description, tags FROM servers')).toEqual([
      { name: 'web-01', hostname: null, description: null, tags: [] },
    ]);
  });

  it('POST /servers/{id}/api-keys: name (and rotation keeps the name it had)', async () => {
    expect(
      await accepted('POST', `/servers/${serverId}/api-keys`, {}, 'name', 'prod agent'),
    ).toEqual([]);
    expect(await api.sql('SELECT id FROM api_keys')).toEqual([{ id: keyId }]);
  });

  it('names the refused character in the message and echoes the input (never a secret)', async () => {
    const res = await api.request(
      'POST',
      `${API}/servers`,
      { name: 'web\u202e10-bew' },
      {
        token: user.accessToken,
      },
    );
    expect([res.status, res.body]).toEqual([
      422,
      {
        detail: [
          {
            type: 'string_pattern_mismatch',
            loc: ['body', 'name'],
            msg: 'String should be one line of visible text (no control, bidirectional or invisible characters; found U+202E)',
            input: 'web\u202e10-bew',
          },
        ],
      },
    ]);
  });

  it('still accepts visible text in any script, and emoji, in names and descriptions', async () => {
    const res = await api.request(
      'POST',
      `${API}/servers`,
      {
        name: 'Serveur de l’équipe 東京 😀',
        hostname: 'münchen.example.com',
        description: 'Front — “prod” שלום محمد देवनागरी',
      },
      { token: user.accessToken },
    );
    expect(res.status).toBe(201);
    const profile = await api.request(
      'PATCH',
      `${API}/users/me`,
      { full_name: 'José Ñandú 山田' },
      { token: user.accessToken },
    );
    expect([profile.status, profile.body.full_name]).toEqual([200, 'José Ñandú 山田']);
  });
});

describe('emails are stored NFC-normalised, and log in in either spelling', () => {
  let api: TestApp;
  const nfd = 'jose\u0301@example.com'; // e + combining acute accent
  const nfc = 'jos\u00e9@example.com'; // é as one code point

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('stores a decomposed email composed, treats both spellings as one account, and logs in with either', async () => {
    const registered = await api.request('POST', `${API}/auth/register`, {
      email: nfd,
      username: 'jose',
      password: STRONG_PASSWORD,
    });
    expect([registered.status, registered.body.email]).toEqual([201, nfc]);
    expect(await api.sql('SELECT email FROM users')).toEqual([{ email: nfc }]);

    const twin = await api.request('POST', `${API}/auth/register`, {
      email: nfc,
      username: 'jose_twin',
      password: STRONG_PASSWORD,
    });
    expect([twin.status, twin.body]).toEqual([409, { detail: 'Username or email already exists' }]);

    for (const spelling of [nfd, nfc, nfd.toUpperCase()]) {
      const login = await api.request(
        'POST',
        `${API}/auth/login`,
        { username: spelling, password: STRONG_PASSWORD },
        { form: true },
      );
      expect([spelling, login.status]).toEqual([spelling, 200]);
    }
  });

  it('stores an email changed through PATCH /users/me composed too', async () => {
    const user = await registerUser(api);
    const res = await api.request(
      'PATCH',
      `${API}/users/me`,
      { email: 'rene\u0301e@example.com', current_password: user.password },
      { token: user.accessToken },
    );
    // v1.2: the new address waits for its link; it is stored (with the link's token) composed.
    expect([res.status, res.body.pending_email]).toEqual([202, 'ren\u00e9e@example.com']);
    expect(
      await api.sql(
        "SELECT email FROM account_tokens WHERE user_id = $1 AND kind = 'email_change'",
        [user.id],
      ),
    ).toEqual([{ email: 'ren\u00e9e@example.com' }]);
  });
});

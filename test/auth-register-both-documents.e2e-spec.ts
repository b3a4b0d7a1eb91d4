import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../src/openapi.js';
import { TOKEN_PAIR_KEYS, USER_KEYS } from './support/auth-helpers.js';
import { API } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The W.W.H.D. document answers registration with the bare user object, so its clients read `id`,
 * `is_admin`… at the top level; the ChatOps document nests it under `user` beside the tokens. The
 * answer carries both (API.md §2 v1.1), and the OpenAPI document says so.
 */
describe('POST /auth/register answers both source documents’ clients', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('puts the user fields at the top level too, beside `user` and the tokens', async () => {
    const res = await api.request('POST', `${API}/auth/register`, {
      username: 'herman_fan',
      email: 'user@example.com',
      password: 'SecurePassword123!',
      name: 'Herman Fan',
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual([...USER_KEYS, ...TOKEN_PAIR_KEYS, 'user'].sort());
    const { user, access_token, refresh_token, token_type, expires_in, ...topLevel } = res.body;
    expect(topLevel).toEqual(user);
    expect(topLevel).toMatchObject({
      username: 'herman_fan',
      email: 'user@example.com',
      full_name: 'Herman Fan',
      is_active: true,
      is_admin: true,
    });
    expect([typeof access_token, typeof refresh_token, token_type, expires_in]).toEqual([
      'string',
      'string',
      'bearer',
      1800,
    ]);
    // The W.W.H.D. client's next step: its id is the one /auth/me knows.
    const me = await api.request('GET', `${API}/auth/me`, undefined, { token: access_token });
    expect(me.body.id).toBe(topLevel.id);
  });

  it('documents the same shape in the OpenAPI schema of the 201 answer', async () => {
    const document: OpenAPIObject = buildOpenApiDocument(api.app);
    const answer = document.paths[`${API}/auth/register`].post!.responses['201'] as {
      content: Record<string, { schema: { $ref: string } }>;
    };
    const name = answer.content['application/json'].schema.$ref.split('/').pop()!;
    const schema = document.components!.schemas![name] as {
      properties: Record<string, unknown>;
      required: string[];
    };
    const expected = [...USER_KEYS, ...TOKEN_PAIR_KEYS, 'user'].sort();
    expect(Object.keys(schema.properties).sort()).toEqual(expected);
    // Every field is always there, but refresh_token, which the web console's cookie mode
    // (X-Refresh-Cookie: 1) moves into an httpOnly cookie.
    expect([...schema.required].sort()).toEqual(expected.filter((k) => k !== 'refresh_token'));
  });
});

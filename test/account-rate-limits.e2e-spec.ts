import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

const LIMIT = 3;

/** Each account-lifecycle route counts against AUTH_RATE_LIMIT per client IP (API.md §10). */
describe(`account routes under AUTH_RATE_LIMIT=${LIMIT} per IP`, () => {
  let app: TestApp;
  let user: RegisteredUser;
  let admin: RegisteredUser;

  beforeAll(async () => {
    app = await startTestApp({ AUTH_RATE_LIMIT: String(LIMIT), TRUST_PROXY: 'true' });
    // From 127.0.0.1; each route below is called from an address of its own (X-Forwarded-For).
    admin = await registerUser(app);
    user = await registerUser(app);
  });
  afterAll(() => app.close());

  const routes: [string, string, () => unknown, () => string | undefined][] = [
    ['POST', '/auth/password-reset', () => ({ email: 'x@example.com' }), () => undefined],
    [
      'POST',
      '/auth/password-reset/confirm',
      () => ({ token: 'x', new_password: 'Aa1!aaaa' }),
      () => undefined,
    ],
    ['POST', '/auth/verify-email', () => ({ token: 'x' }), () => undefined],
    ['POST', '/auth/verify-email/resend', () => ({ email: 'x@example.com' }), () => undefined],
    ['POST', '/users/me/email/confirm', () => ({ token: 'x' }), () => user.accessToken],
    ['DELETE', '/users/me', () => ({ password: 'Wrong-Passw0rd!' }), () => user.accessToken],
    ['POST', '/users/:id/password-reset', () => undefined, () => admin.accessToken],
    ['DELETE', '/users/:id', () => undefined, () => admin.accessToken],
  ];

  it.each(routes.map((route, index) => [`${route[0]} ${route[1]}`, index]))(
    '%s: the request past the limit is 429 with Retry-After',
    async (_name, index) => {
      const [method, path, body, token] = routes[index as number];
      const ip = `10.9.0.${(index as number) + 1}`;
      const target = path.replace(':id', '00000000-0000-4000-8000-000000000000');
      const statuses: number[] = [];
      let last;
      for (let i = 0; i <= LIMIT; i++) {
        last = await app.request(method, `${API}${target}`, body(), {
          token: token(),
          headers: { 'X-Forwarded-For': ip },
        });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, LIMIT)).not.toContain(429);
      expect(statuses[LIMIT]).toBe(429);
      expect(last!.body).toEqual({ detail: 'Too many requests' });
      expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
    },
  );
});

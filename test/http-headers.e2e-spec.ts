import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('security headers and CORS', () => {
  let closed: TestApp;
  let open: TestApp;
  beforeAll(async () => {
    closed = await startTestApp();
    open = await startTestApp({ CORS_ORIGINS: 'https://app.example.com' });
  });
  afterAll(async () => {
    await closed.close();
    await open.close();
  });

  it.each([
    ['a success', '/health'],
    ['an error', `${API}/no-such-route`],
  ])('sends nosniff, frame denial and no referrer on %s', async (_, path) => {
    const res = await closed.request('GET', path);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it.each([
    ['an undecodable URL, refused by Fastify before routing', `${API}/servers/%C0`, {}, 400],
    [
      'oversized headers, refused by Node before Fastify',
      '/health',
      { 'x-padding': 'p'.repeat(20_000) },
      431,
    ],
  ])('sends them on %s', async (_, path, headers, status) => {
    const res = await closed.request('GET', path, undefined, { headers });
    expect(res.status).toBe(status);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('sends no CORS headers unless CORS_ORIGINS is set', async () => {
    const res = await closed.request('GET', '/health', undefined, {
      headers: { origin: 'https://app.example.com' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the configured origins', async () => {
    const allowed = await open.request('OPTIONS', `${API}/auth/login`, undefined, {
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const other = await open.request('GET', '/health', undefined, {
      headers: { origin: 'https://evil.example.com' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

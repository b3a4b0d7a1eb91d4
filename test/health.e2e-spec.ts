import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('health and common error shapes', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it.each(['/health', `${API}/health`])('answers liveness without I/O at %s', async (path) => {
    const res = await api.request('GET', path);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it.each(['/health/ready', `${API}/health/ready`])(
    'reports readiness at %s with the database checked and Redis not configured',
    async (path) => {
      const res = await api.request('GET', path);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'ok',
        checks: { database: 'ok', redis: 'not configured' },
      });
    },
  );

  it('does not double the prefix', async () => {
    expect((await api.request('GET', '/api/v1/api/v1/health')).status).toBe(404);
  });

  it('answers an unknown route with 404 {"detail": "Not Found"}', async () => {
    const res = await api.request('GET', `${API}/no-such-route`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not Found' });
  });

  it('answers malformed JSON with 400 {"detail": "Malformed request body"}', async () => {
    const res = await api.request('POST', `${API}/auth/register`, undefined, {
      raw: '{"email": ',
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'Malformed request body' });
  });
});

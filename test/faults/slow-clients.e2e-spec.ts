import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConnection } from 'node:net';
import { API } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A client that stalls in the middle of its headers or its body must not hold a connection (and
 * its memory) forever: after REQUEST_TIMEOUT it is answered 408 in the contract's shape and closed
 * (API.md §8 "Slow clients").
 */
const REQUEST_TIMEOUT_S = 2;

interface Outcome {
  answer: string;
  closed: boolean;
  seconds: number;
}

/** Writes `partial`, then waits (at most `waitMs`) for the server's answer and the close. */
function stallAfter(port: number, partial: string, waitMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = createConnection({ port, host: '127.0.0.1' });
    let answer = '';
    const done = (closed: boolean) => {
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ answer, closed, seconds: (Date.now() - started) / 1000 });
    };
    const giveUp = setTimeout(() => done(false), waitMs);
    socket.on('connect', () => socket.write(partial));
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => done(true));
  });
}

describe('slow clients', () => {
  let app: TestApp;
  let port: number;

  beforeAll(async () => {
    app = await startTestApp({ REQUEST_TIMEOUT: `${REQUEST_TIMEOUT_S}s` });
    port = Number(new URL(app.baseUrl).port);
  });

  afterAll(async () => {
    await app?.close();
  });

  it.each([
    [
      'a body that stops after 10 of 1,000 bytes',
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"usernam',
    ],
    ['headers that never end', 'GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1'],
  ])(
    '%s: 408 {"detail": "Request timeout"}, then the connection is closed',
    async (_, partial) => {
      // Generous bound: the timeout plus the server's 1 s check interval plus a noisy machine.
      const outcome = await stallAfter(port, partial, (REQUEST_TIMEOUT_S + 8) * 1000);
      expect(outcome.closed).toBe(true);
      expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(outcome.answer.endsWith('{"detail":"Request timeout"}')).toBe(true);
      expect(outcome.seconds).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_S - 0.1);
    },
    20_000,
  );

  it('a request that arrives whole in time is served as usual', async () => {
    const res = await app.request('GET', `${API}/health`);
    expect(res.status).toBe(200);
  });
});

import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { clientIp } from './client-ip.js';

const request = (peer: string, forwarded?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
  }) as unknown as IncomingMessage;

describe('clientIp', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientIp(request('::ffff:10.0.0.2', '203.0.113.9'), false)).toBe('10.0.0.2');
  });

  it('counts trusted hops from the nearest', () => {
    const behindTwo = request('10.0.0.2', '203.0.113.9, 198.51.100.4');
    expect(clientIp(behindTwo, 1)).toBe('198.51.100.4');
    expect(clientIp(behindTwo, 2)).toBe('203.0.113.9');
    expect(clientIp(behindTwo, 5)).toBe('203.0.113.9');
    expect(clientIp(behindTwo, true)).toBe('203.0.113.9');
    expect(clientIp(behindTwo, '10.0.0.0/8')).toBe('198.51.100.4');
  });

  it('falls back to the peer without the header', () => {
    expect(clientIp(request('10.0.0.2'), 1)).toBe('10.0.0.2');
  });
});

import { describe, expect, it } from '@jest/globals';
import type { AuditEventInput } from './audit-event.js';
import { aggregationKey, scrubDetails, toAuditRow } from './audit-row.js';

const failure = (overrides: Partial<AuditEventInput> = {}): AuditEventInput => ({
  action: 'auth.login.failed',
  actor: { type: 'user', id: '7b0c0c5e-43d1-4f7e-9d4c-1f0a1e0d2a11', username: 'alice' },
  subject: { type: 'user', id: '7b0c0c5e-43d1-4f7e-9d4c-1f0a1e0d2a11', name: 'alice' },
  origin: { ip: '203.0.113.7', userAgent: 'curl/8' },
  outcome: 'failure',
  details: { reason: 'wrong_password' },
  ...overrides,
});

describe('scrubDetails', () => {
  it('drops secret-looking keys whatever a caller put in them', () => {
    expect(
      scrubDetails({
        password: 'x',
        new_password: 'x',
        refresh_token: 'x',
        api_key: 'x',
        key: 'x',
        key_hash: 'x',
        recovery_code: 'x',
        recovery_codes: ['x'],
        code: 'x',
        client_secret: 'x',
        reason: 'kept',
        key_id: 'kept too',
        exit_code: 0,
      }),
    ).toEqual({ reason: 'kept', key_id: 'kept too', exit_code: 0 });
  });

  it('clips a key prefix to 12 characters and other texts to 200', () => {
    const key = 'chatops_AbCdEfGhIjKlMnOpQrStUvWxYz012345abcdef';
    const out = scrubDetails({ prefix: key, new_prefix: key, note: 'n'.repeat(500) });
    expect(out).toEqual({
      prefix: 'chatops_AbCd',
      new_prefix: 'chatops_AbCd',
      note: 'n'.repeat(200),
    });
  });

  it("keeps scalars and short lists of scalars; scrubs nested objects (a job's params) the same way, two levels of nesting at most", () => {
    expect(
      scrubDetails({
        n: 1,
        b: false,
        z: null,
        fields: ['a', 2, { x: 1 }],
        nested: { password: 'p', unit: 'nginx', lines: 20 },
        deep: { a: { b: { c: { d: 1 } } } },
      }),
    ).toEqual({
      n: 1,
      b: false,
      z: null,
      fields: ['a', 2],
      nested: { unit: 'nginx', lines: 20 },
      deep: { a: {} },
    });
  });
});

describe('aggregationKey', () => {
  it('is the same for repeats of one failure from one address', () => {
    expect(aggregationKey(failure())).toBe(
      aggregationKey(failure({ origin: { ip: '203.0.113.7', userAgent: 'other' } })),
    );
  });

  it.each([
    ['another address', { origin: { ip: '203.0.113.8' } }],
    ['another reason', { details: { reason: 'locked_out' } }],
    ['another action', { action: 'auth.login.locked_out' as const }],
    ['another subject', { subject: { type: 'user' as const, id: null } }],
  ])('differs for %s', (_, overrides) => {
    expect(aggregationKey(failure(overrides))).not.toBe(aggregationKey(failure()));
  });
});

describe('toAuditRow', () => {
  it('clips texts to their columns and leaves the time to the database unless given', () => {
    const row = toAuditRow(
      failure({ origin: { ip: 'x'.repeat(100), userAgent: 'u'.repeat(600) } }),
      undefined,
    );
    expect(row.ip).toHaveLength(64);
    expect(row.user_agent).toHaveLength(512);
    expect(row.at).toBeNull();
    const at = new Date('2026-12-01T00:00:00Z');
    expect(toAuditRow(failure({ at }), undefined).at).toBe(at.toISOString());
  });
});

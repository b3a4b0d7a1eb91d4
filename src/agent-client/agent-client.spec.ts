import { describe, expect, it } from '@jest/globals';
import { RECONNECT_DELAY_MAX_MS, RECONNECT_DELAY_MS, reconnectDelay } from './agent-client.js';

describe('reconnectDelay (the agent CLI backoff)', () => {
  it('doubles its step from the first delay up to the cap', () => {
    const steps = [0, 1, 2, 3, 4, 10].map((n) =>
      reconnectDelay(n, RECONNECT_DELAY_MS, RECONNECT_DELAY_MAX_MS, 1),
    );
    expect(steps).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('waits between half the step and the step: jittered, never zero, never past the cap', () => {
    expect(reconnectDelay(0, 1000, 5000, 0)).toBe(500);
    expect(reconnectDelay(2, 1000, 5000, 0.5)).toBe(3000);
    // Past the cap the waits still spread over [cap/2, cap]: no fleet-wide lock-step.
    const capped = Array.from({ length: 1000 }, () => reconnectDelay(20, 1000, 5000));
    expect(Math.min(...capped)).toBeGreaterThanOrEqual(2500);
    expect(Math.max(...capped)).toBeLessThanOrEqual(5000);
    expect(new Set(capped.map((ms) => Math.floor(ms / 250))).size).toBeGreaterThan(5);
  });
});

import { afterAll, describe, expect, it } from '@jest/globals';
import { pbkdf2 } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { BcryptBusyError, BcryptPool } from './bcrypt-pool.js';

describe('BcryptPool', () => {
  const pools: BcryptPool[] = [];
  const pool = (threads: number, queuePerThread: number) => {
    const created = new BcryptPool({ threads, queuePerThread });
    pools.push(created);
    return created;
  };
  afterAll(() => Promise.all(pools.map((p) => p.close())));

  it('hashes and compares as bcrypt does', async () => {
    const p = pool(2, 4);
    const hash = await p.hash('Correct-Horse-9!', 4);
    expect(hash).toMatch(/^\$2b\$04\$/);
    expect(await p.compare('Correct-Horse-9!', hash)).toBe(true);
    expect(await p.compare('wrong', hash)).toBe(false);
  });

  it('runs on at most `threads` threads and queues at most threads × queuePerThread jobs; the rest are refused with a Retry-After', async () => {
    const p = pool(1, 2);
    expect(p.threads).toBe(1);
    expect(p.queueLimit).toBe(2);
    // One running, two queued, two refused: submission is synchronous, so this is exact.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => p.hash('Correct-Horse-9!', 8)),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    const refusal = (outcomes[3] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(BcryptBusyError);
    expect(refusal.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Once the queue has drained, work is accepted again.
    await expect(p.hash('Correct-Horse-9!', 4)).resolves.toMatch(/^\$2b\$/);
  });

  it("leaves libuv's thread pool to the rest of the process (SCRAM key derivation for new database connections)", async () => {
    // With bcrypt's own async API, eight comparisons filled libuv's four threads and a PBKDF2
    // queued behind them: new database connections (SCRAM) timed out during login bursts.
    const p = pool(2, 8);
    const hash = await p.hash('Correct-Horse-9!', 10);
    const finished: string[] = [];
    const hashes = Array.from({ length: 8 }, (_, i) =>
      p.compare('Correct-Horse-9!', hash).then(() => finished.push(`compare ${i}`)),
    );
    await new Promise<void>((resolve, reject) =>
      pbkdf2('password', 'salt', 4096, 32, 'sha256', (error) => {
        if (error) reject(error);
        finished.push('pbkdf2');
        resolve();
      }),
    );
    await Promise.all(hashes);
    expect(finished[0]).toBe('pbkdf2');
  });

  it('starts no thread before there is work, and ends threads that stay idle', async () => {
    const p = new BcryptPool({ threads: 2, queuePerThread: 4, idleThreadMs: 200 });
    pools.push(p);
    expect(p.threadsRunning).toBe(0);
    await Promise.all([p.hash('Correct-Horse-9!', 4), p.hash('Correct-Horse-9!', 4)]);
    expect(p.threadsRunning).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 50 && p.threadsRunning > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(p.threadsRunning).toBe(0);
    // And work is taken again afterwards.
    await expect(p.hash('Correct-Horse-9!', 4)).resolves.toMatch(/^\$2b\$04\$/);
  });

  it('defaults to one thread per core', () => {
    expect(pool(0, 1).threads).toBe(1);
    const byCores = new BcryptPool();
    pools.push(byCores);
    expect(byCores.threads).toBe(availableParallelism());
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AppProcess, type InstancePair, startInstancePair } from './support/app-process.js';
import { lockoutEnv } from './support/auth-helpers.js';
import { API } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { registerUser } from './support/users.js';
import { countStatuses, postOnOwnConnection, type RawAnswer } from './support/own-connection.js';
import { describeNeeding } from './support/required-programs.js';

/**
 * The login lock-out under concurrency (issue #11, item 1): an attempt is reserved atomically
 * before its password is hashed, so however a burst is spread over connections or instances, no
 * more than LOGIN_FAILURE_LIMIT guesses of one account ever reach bcrypt.
 */
const LIMIT = 10;
const BURST = 30;
const WRONG = 'Wrong-Password-1!';

/** BURST logins at once, one connection each; `attempt(i)` says where, as whom, with what. */
function loginBurst(
  attempt: (i: number) => { baseUrl: string; username: string; password: string },
): Promise<RawAnswer[]> {
  return Promise.all(
    Array.from({ length: BURST }, (_, i) => {
      const { baseUrl, username, password } = attempt(i);
      return postOnOwnConnection(baseUrl, `${API}/auth/login`, { username, password });
    }),
  );
}

/** BURST wrong passwords for one account, all at one instance. */
const wrongPasswords = (baseUrl: string, username: string) =>
  loginBurst(() => ({ baseUrl, username, password: WRONG }));

/** Every 429 says when to come back; every error is in the {"detail"} shape. */
function expectWellFormed(answers: RawAnswer[]): void {
  for (const answer of answers) {
    if (answer.status === 429) {
      expect(JSON.parse(answer.text)).toEqual({ detail: 'Too many requests' });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
  }
}

describe(`${BURST} concurrent logins of one account, one connection each (LOGIN_FAILURE_LIMIT=${LIMIT})`, () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp(lockoutEnv(LIMIT));
  });
  afterAll(async () => {
    await api.close();
  });

  it(`lets exactly ${LIMIT} wrong passwords through to be checked (401) and refuses the other ${BURST - LIMIT} (429)`, async () => {
    const victim = await registerUser(api);
    const answers = await wrongPasswords(api.baseUrl, victim.username);
    expect(countStatuses(answers)).toEqual({ 401: LIMIT, 429: BURST - LIMIT });
    expectWellFormed(answers);
    // The account is locked now: even its own password is refused, unchecked.
    const own = await postOnOwnConnection(api.baseUrl, `${API}/auth/login`, {
      username: victim.username,
      password: victim.password,
    });
    expect(own.status).toBe(429);
  });

  it('counts the email and the username spellings of the account together', async () => {
    const victim = await registerUser(api);
    const answers = await loginBurst((i) => ({
      baseUrl: api.baseUrl,
      username: i % 2 ? victim.username.toUpperCase() : victim.email,
      password: WRONG,
    }));
    expect(countStatuses(answers)).toEqual({ 401: LIMIT, 429: BURST - LIMIT });
  });

  it('with the right password among the burst: only it may succeed, and the wrong ones stay within the limit on either side of that success', async () => {
    const user = await registerUser(api);
    const answers = await loginBurst((i) => ({
      baseUrl: api.baseUrl,
      username: user.username,
      password: i === BURST / 2 ? user.password : WRONG,
    }));
    const right = answers[BURST / 2];
    const wrong = countStatuses(answers.filter((_, i) => i !== BURST / 2));
    expectWellFormed(answers);
    expect(Object.keys(wrong).every((s) => s === '401' || s === '429')).toBe(true);
    if (right.status === 429) {
      // Its turn came after the limit was used up: nothing was reset.
      expect(wrong).toEqual({ 401: LIMIT, 429: BURST - LIMIT - 1 });
    } else {
      // It was checked and succeeded, which resets the count (API.md §8): at most LIMIT - 1
      // guesses were checked before it, at most LIMIT after it.
      expect(right.status).toBe(200);
      expect(wrong[401]).toBeGreaterThanOrEqual(LIMIT - 1);
      expect(wrong[401]).toBeLessThanOrEqual(2 * LIMIT - 1);
    }
  });
});

const describeWithRedis = describeNeeding(['redis-server'], 'LOGIN BURST ACROSS INSTANCES');
describeWithRedis(
  `${BURST} concurrent wrong passwords spread over two instances sharing Redis`,
  () => {
    let pair: InstancePair | undefined;
    let a: AppProcess;
    let b: AppProcess;

    beforeAll(async () => {
      // Real processes (see app-process.ts).
      pair = await startInstancePair(lockoutEnv(LIMIT));
      ({ a, b } = pair);
    }, 90_000);
    afterAll(async () => {
      await Promise.all([pair?.a.stop(), pair?.b.stop()]);
      await pair?.database.drop();
      await pair?.redis.stop();
    }, 30_000);

    it(`checks exactly ${LIMIT} of them in all, whichever instance they reach`, async () => {
      const username = `victim_${Date.now()}`;
      const registered = await a.request('POST', `${API}/auth/register`, {
        username,
        email: `${username}@example.com`,
        password: 'Tr1cky-Horse-Battery!',
      });
      expect(registered.status).toBe(201);
      const answers = await loginBurst((i) => ({
        baseUrl: (i % 2 ? a : b).baseUrl,
        username,
        password: WRONG,
      }));
      expect(countStatuses(answers)).toEqual({ 401: LIMIT, 429: BURST - LIMIT });
      expectWellFormed(answers);
    });
  },
);

/**
 * The burst of the report, at bcrypt's default cost with the default database pool: exactly the
 * limit is checked, and nothing answers 500.
 */
describe(`a burst of ${BURST} logins at BCRYPT_COST=12 with the default database pool`, () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ BCRYPT_COST: '12', LOGIN_FAILURE_LIMIT: String(LIMIT) });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  /**
   * Every answer is a verdict (200/401/429), or the contract's 503 with Retry-After for a login
   * flood beyond the hashing queue (API.md §8) — never a 500.
   */
  function unexpected(answers: RawAnswer[]): string[] {
    return answers
      .filter(
        (a) =>
          ![200, 401, 429].includes(a.status) &&
          !(a.status === 503 && Number(a.headers['retry-after']) >= 1),
      )
      .map((a) => `${a.status} ${a.text.slice(0, 200)}`);
  }

  it(`answers ${BURST} wrong passwords for one account at once with ${LIMIT} × 401 and ${BURST - LIMIT} × 429, no 500`, async () => {
    const victim = await registerUser(api);
    const answers = await wrongPasswords(api.baseUrl, victim.username);
    expect(unexpected(answers)).toEqual([]);
    // A check turned away by a full hashing queue (503) still counted as one of the LIMIT.
    const counts = countStatuses(answers);
    expect([(counts[401] ?? 0) + (counts[503] ?? 0), counts[429]]).toEqual([LIMIT, BURST - LIMIT]);
  }, 60_000);
});

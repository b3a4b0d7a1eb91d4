/** Time in tests: waiting a fixed time, and waiting for something to hold. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Repeats `probe` until `done` holds or `ms` pass (revocation is promised "within 5 seconds",
 * presence is written asynchronously), and returns the last answer: the caller asserts on it, so a
 * timeout fails with the real answer.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 5000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await sleep(50);
    value = await probe();
  }
  return value;
}

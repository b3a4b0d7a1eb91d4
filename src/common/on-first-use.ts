/**
 * A module (or anything asynchronous) loaded the first time it is needed and kept after that: for
 * libraries only some requests use (TOTP, passkeys), so an idle instance never holds them
 * (issue #22). Every caller before the load finishes waits for the same promise.
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

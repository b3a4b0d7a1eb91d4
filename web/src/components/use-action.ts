import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, asProblem } from '../api/client';

/**
 * A button's or form's call: busy while it runs, its problem (in words, with the 422 messages by
 * field) after, and — for a 429 — a countdown of the wait before trying again is allowed.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    if (waitUntil <= now) return;
    const timer = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(timer);
  }, [waitUntil, now]);

  const waiting = Math.max(0, Math.ceil((waitUntil - now) / 1000));

  async function run(action: () => Promise<void>): Promise<boolean> {
    setBusy(true);
    setProblem(undefined);
    try {
      await action();
      return true;
    } catch (error) {
      const found = asProblem(error);
      setProblem(found);
      if (found.status === 429 && found.retryAfter) {
        setWaitUntil(Date.now() + found.retryAfter * 1000);
        setNow(Date.now());
      }
      return false;
    } finally {
      setBusy(false);
    }
  }

  const message = !problem
    ? undefined
    : problem.status === 429 && waiting > 0
      ? `Too many attempts. Try again in ${waiting} second${waiting === 1 ? '' : 's'}.`
      : problem.status === 429
        ? 'You can try again now.'
        : problem.message;

  return {
    busy,
    problem,
    message,
    fields: problem?.fields ?? {},
    /** Seconds left before a rate-limited action may be tried again. */
    waiting,
    run,
    clear: () => setProblem(undefined),
  };
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>();
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && (setData(value), setProblem(undefined)),
      (error: unknown) => current && setProblem(asProblem(error)),
    );
    return () => {
      current = false;
    };
  }, [...deps, version]);
  return { data, setData, problem, reload: () => setVersion((v) => v + 1) };
}

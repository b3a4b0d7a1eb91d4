/** Node's setTimeout overflows (fires at once) past 2^31-1 ms, about 24.8 days. */
const MAX_DELAY_MS = 2 ** 31 - 1;

interface Entry {
  timer: NodeJS.Timeout;
  when: number;
}

/**
 * One deadline per socket id. Far deadlines (a key expiring in a year) are reached in hops, since
 * setTimeout cannot wait that long; timers are unref'd so they never hold the process open.
 */
export class SocketTimers {
  private readonly entries = new Map<string, Entry>();

  /** Sets (or replaces) the deadline of `id`. */
  set(id: string, when: number, fire: () => void): void {
    this.clear(id);
    const delay = Math.max(0, when - Date.now());
    const timer = setTimeout(
      () => {
        this.entries.delete(id);
        if (delay > MAX_DELAY_MS) this.set(id, when, fire);
        else fire();
      },
      Math.min(delay, MAX_DELAY_MS),
    );
    timer.unref();
    this.entries.set(id, { timer, when });
  }

  /** Sets the deadline only if it comes before the one already set. */
  setEarliest(id: string, when: number, fire: () => void): void {
    const current = this.entries.get(id);
    if (!current || when < current.when) this.set(id, when, fire);
  }

  clear(id: string): void {
    const entry = this.entries.get(id);
    if (entry) clearTimeout(entry.timer);
    this.entries.delete(id);
  }

  clearAll(): void {
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    this.entries.clear();
  }
}

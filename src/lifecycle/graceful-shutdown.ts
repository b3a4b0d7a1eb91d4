import type { Logger } from '@nestjs/common';

type Step = { name: string; run: () => Promise<unknown> };

/**
 * SIGTERM/SIGINT handling for the process (main.ts): runs the registered steps in reverse order of
 * registration — the last thing started stops first — then exits (0 after a signal). The whole sequence is bounded
 * by `timeoutMs`: past it the process exits 1, naming the step that hung. Listening starts at
 * construction, so a signal during start-up stops what has been started so far, cleanly.
 */
export class GracefulShutdown {
  private readonly steps: Step[] = [];
  private running = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => void this.run(signal, 0));
    }
  }

  /** Whether a signal has started the shutdown (start-up errors after that are expected). */
  get inProgress(): boolean {
    return this.running;
  }

  add(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  /** Runs every step, then exits with `exitCode` (a signal's stop is a clean one: 0). */
  async run(reason: string, exitCode: number): Promise<void> {
    if (this.running) {
      this.logger.warn(`${reason} again: already stopping (at most ${this.timeoutMs / 1000} s)`);
      return;
    }
    this.running = true;
    if (exitCode === 0) this.logger.log(`${reason}: shutting down`);
    let current = 'start';
    const deadline = setTimeout(() => {
      this.logger.error(`Shutdown did not finish within ${this.timeoutMs / 1000} s (${current})`);
      process.exit(1);
    }, this.timeoutMs);
    for (const step of [...this.steps].reverse()) {
      current = step.name;
      try {
        await step.run();
      } catch (error) {
        // One step failing (a closed connection, say) must not keep the others from running.
        this.logger.error(`Shutdown step "${step.name}" failed: ${(error as Error).message}`);
      }
    }
    clearTimeout(deadline);
    process.exit(exitCode);
  }
}

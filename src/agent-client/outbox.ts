import type { Socket } from 'socket.io-client';

/** How long the API has to acknowledge a message before it is sent again. */
export const ACK_TIMEOUT_MS = 5_000;

interface Message {
  event: string;
  payload: Record<string, unknown>;
  onAck?: () => void;
}

/**
 * Agent → API job messages (API.md §13), delivered in order, each retried until the API
 * acknowledges it — across reconnections, whatever instance the agent lands on. The API ignores a
 * repeated seq or result, so a retry after a lost acknowledgement stores nothing twice.
 */
export class Outbox {
  private readonly queue: Message[] = [];
  private pumping = false;
  private authenticated = false;
  private stopped = false;
  private wake?: () => void;

  constructor(
    private readonly socket: Socket,
    private readonly log: (line: string) => void,
    private readonly ackTimeoutMs = ACK_TIMEOUT_MS,
  ) {}

  push(event: string, payload: Record<string, unknown>, onAck?: () => void): void {
    this.queue.push({ event, payload, onAck });
    void this.pump();
  }

  /** The socket is (again) authenticated: resume sending. */
  resume(): void {
    this.authenticated = true;
    this.wake?.();
    void this.pump();
  }

  pause(): void {
    this.authenticated = false;
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  get pending(): number {
    return this.queue.length;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        if (!this.authenticated || !this.socket.connected) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        const message = this.queue[0];
        let answer: { type?: string; message?: string } | undefined;
        try {
          // Volatile: never buffered by socket.io-client while disconnected, where it would be
          // flushed on reconnection before the agent has authenticated again.
          answer = await this.socket.volatile
            .timeout(this.ackTimeoutMs)
            .emitWithAck(message.event, message.payload);
        } catch {
          continue; // no acknowledgement in time (or the connection went): send it again
        }
        if (answer?.type === 'error' && answer.message === 'Internal server error') {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          continue;
        }
        if (answer?.type === 'error')
          this.log(`the API refused ${message.event}: ${answer.message ?? 'unknown'}`);
        this.queue.shift();
        message.onAck?.();
      }
    } finally {
      this.pumping = false;
    }
  }
}

import { hostname, loadavg, platform, type, uptime } from 'node:os';
import { io, type Socket } from 'socket.io-client';
import { catalogOf, type LocalAction } from './actions-file.js';
import { JobRunner } from './job-runner.js';
import { Outbox } from './outbox.js';

export interface AgentClientOptions {
  /** The API's origin, e.g. http://localhost:3000 (the agent connects to its /agents namespace). */
  url: string;
  apiKey: string;
  /** Seconds between heartbeats. */
  heartbeatSeconds?: number;
  /** Reported in agent_info. */
  version?: string;
  /** First and longest step between reconnection attempts (see `reconnectDelay`). */
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** The actions this agent offers (`--actions`): none by default. */
  actions?: LocalAction[];
  log?: (line: string) => void;
}

/** Why run() ended: the server refused the key (auth_error), or stop() was called. */
export type AgentOutcome = { result: 'refused'; message: string } | { result: 'stopped' };

/** Defaults: the first retry after 0.5–1 s, steps doubling up to 5 s. */
export const RECONNECT_DELAY_MS = 1000;
export const RECONNECT_DELAY_MAX_MS = 5000;

/**
 * The wait before reconnection attempt `attempt` (0-based): the step doubles from `base` up to
 * `max`, and the wait is drawn uniformly from the upper half of the step ("equal jitter"). The
 * jitter is applied after the cap, so a fleet that has reached the cap still spreads over
 * [max/2, max] instead of retrying in lock-step every `max` ms — and never waits longer than `max`,
 * so agents are back within seconds of the server's return.
 */
export function reconnectDelay(
  attempt: number,
  base: number,
  max: number,
  random = Math.random(),
): number {
  const step = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return step / 2 + (random * step) / 2;
}

/**
 * The reference agent: connects over the websocket transport, authenticates the documented way
 * (an `auth` message, on every (re)connection), reports agent_info, sends heartbeats, and
 * reconnects with exponential backoff and jitter (`reconnectDelay`) whenever the connection goes
 * or cannot be made — a server restart included, which closes connections at the transport level.
 * A refused or revoked key ends it: retrying a key the server refused only gets refused again.
 */
export class AgentClient {
  private readonly socket: Socket;
  private readonly log: (line: string) => void;
  private heartbeat?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private retries = 0;
  private finish?: (outcome: AgentOutcome) => void;
  private readonly outcome: Promise<AgentOutcome>;
  private readonly outbox: Outbox;
  private readonly jobs: JobRunner;
  /** The server this agent authenticated as, once it has. */
  serverId?: string;

  constructor(private readonly options: AgentClientOptions) {
    this.log = options.log ?? (() => undefined);
    this.outcome = new Promise((resolve) => (this.finish = resolve));
    // socket.io-client's own reconnection is off: its jitter is applied before its cap, so a fleet
    // past the cap retries in step. Every retry is scheduled by retryLater() instead.
    this.socket = io(`${options.url.replace(/\/+$/, '')}/agents`, {
      transports: ['websocket'],
      autoConnect: false,
      reconnection: false,
    });
    this.socket.on('connect', () => this.onConnect());
    this.socket.on('auth_success', (body: { server_id: string }) =>
      this.onAuthenticated(body.server_id),
    );
    this.socket.on('auth_error', (body: { message?: string }) =>
      this.end({ result: 'refused', message: String(body?.message ?? 'refused') }),
    );
    this.socket.on('error', (body: { message?: string }) =>
      this.log(`server error: ${body?.message ?? 'unknown'}`),
    );
    this.socket.on('disconnect', (reason) => this.onDisconnect(reason));
    this.outbox = new Outbox(this.socket, this.log);
    this.jobs = new JobRunner(
      options.actions ?? [],
      (event, payload) =>
        this.outbox.push(event, payload, () => {
          if (event === 'job_result') this.jobs.settled(payload.job_id as string);
        }),
      this.log,
    );
    this.socket.on('job_run', (message, ack?: (answer: unknown) => void) =>
      ack?.(this.jobs.run(message)),
    );
    this.socket.on('job_cancel', (message: { job_id?: unknown }, ack?: (answer: unknown) => void) =>
      ack?.(this.jobs.cancel(message?.job_id)),
    );
    this.socket.on('connect_error', (error) => this.onConnectError(error));
  }

  /** Connects and keeps the agent running; resolves when the key is refused or stop() is called. */
  run(): Promise<AgentOutcome> {
    this.log(`connecting to ${redact(this.options.url)}`);
    this.socket.connect();
    return this.outcome;
  }

  stop(): void {
    this.end({ result: 'stopped' });
  }

  private onConnect(): void {
    this.retries = 0;
    this.socket.emit('auth', { type: 'auth', api_key: this.options.apiKey });
  }

  private onAuthenticated(serverId: string): void {
    this.serverId = serverId;
    this.log(`authenticated as server ${serverId}`);
    this.socket.emit('agent_info', {
      type: 'agent_info',
      version: this.options.version ?? 'unknown',
      hostname: hostname(),
      os: type(),
      platform: platform(),
    });
    // The catalog first, then a heartbeat at once: after a reconnection, its list of running
    // jobs is what keeps them from being declared lost.
    this.socket.emit('capabilities', { actions: catalogOf(this.options.actions ?? []) });
    this.beat();
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => this.beat(), (this.options.heartbeatSeconds ?? 30) * 1000);
    this.outbox.resume();
  }

  private beat(): void {
    this.socket.emit('heartbeat', {
      type: 'heartbeat',
      uptime: uptime(),
      load: loadavg(),
      running_jobs: this.jobs.runningJobIds(),
    });
  }

  private onDisconnect(reason: Socket.DisconnectReason): void {
    clearInterval(this.heartbeat);
    this.outbox.pause();
    if (!this.finish) return;
    this.log(`disconnected (${reason})`);
    this.retryLater();
  }

  private onConnectError(error: Error): void {
    this.log(`cannot connect: ${error.message}`);
    this.retryLater();
  }

  private retryLater(): void {
    const delay = reconnectDelay(
      this.retries++,
      this.options.reconnectDelayMs ?? RECONNECT_DELAY_MS,
      this.options.reconnectDelayMaxMs ?? RECONNECT_DELAY_MAX_MS,
    );
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.socket.connect(), delay);
  }

  private end(outcome: AgentOutcome): void {
    const finish = this.finish;
    if (!finish) return;
    this.finish = undefined;
    clearInterval(this.heartbeat);
    this.jobs.stopAll();
    this.outbox.stop();
    clearTimeout(this.retry);
    this.socket.disconnect();
    if (outcome.result === 'refused') this.log(`refused by the server: ${outcome.message}`);
    finish(outcome);
  }
}

/** The URL without any credentials it may carry, for logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

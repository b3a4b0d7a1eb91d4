import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * The bcrypt work of the process, on at most one thread per core, each at a lower scheduling
 * priority than the event loop. With bcrypt's own asynchronous API the hashes ran on libuv's four
 * threads: on two cores a flood of logins took the CPU from every other request (GET /servers p99
 * went from 10 ms to 24–75 ms under 40 concurrent logins at cost 12). Here the event loop always
 * wins the CPU, and logins queue instead — up to a bound, past which they are refused (503).
 * Threads start with the first hash and end after a quiet spell: an instance that mostly holds
 * agents does not keep their memory.
 */

/** Nice value of the bcrypt threads (Linux applies it per thread): below the event loop's 0. */
const WORKER_NICENESS = 19;

// Plain CommonJS, evaluated in each worker: the same code under `node dist/` and under Jest.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
try { require('node:os').setPriority(workerData.niceness); } catch {}
parentPort.on('message', ({ id, op, password, salt }) => {
  try {
    const result = op === 'hash' ? bcrypt.hashSync(password, salt) : bcrypt.compareSync(password, salt);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message) });
  }
});`;

type Job = {
  id: number;
  op: 'hash' | 'compare';
  password: string;
  salt: string | number;
  resolve: (result: string | boolean) => void;
  reject: (error: Error) => void;
  startedAt?: number;
};

/** Thrown when the queue is full: the caller answers 503 with this Retry-After. */
export class BcryptBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('bcrypt queue is full');
  }
}

/** A thread with no work for this long ends (it costs ~10 MiB); the next hash starts one again. */
const IDLE_THREAD_MS = 30_000;

export class BcryptPool {
  readonly threads: number;
  readonly queueLimit: number;
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly retireTimers = new Map<Worker, NodeJS.Timeout>();
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly bcryptPath = createRequire(import.meta.url).resolve('bcrypt');
  private readonly idleThreadMs: number;
  private closed = false;
  private nextId = 0;
  /** Moving average of one job's duration, for Retry-After. */
  private averageMs = 250;

  constructor(options: { threads?: number; queuePerThread?: number; idleThreadMs?: number } = {}) {
    this.threads = Math.max(1, options.threads ?? availableParallelism());
    this.queueLimit = this.threads * (options.queuePerThread ?? 32);
    this.idleThreadMs = options.idleThreadMs ?? IDLE_THREAD_MS;
  }

  /** Threads alive now: none until there is work, none again after a quiet spell. */
  get threadsRunning(): number {
    return this.all.size;
  }

  hash(password: string, cost: number): Promise<string> {
    return this.submit('hash', password, cost) as Promise<string>;
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.submit('compare', password, hash) as Promise<boolean>;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.retireTimers.forEach((timer) => clearTimeout(timer));
    await Promise.all([...this.all].map((worker) => worker.terminate()));
  }

  private submit(op: Job['op'], password: string, salt: string | number) {
    if (this.queue.length >= this.queueLimit) {
      const waitMs = ((this.queue.length + this.threads) * this.averageMs) / this.threads;
      return Promise.reject(new BcryptBusyError(Math.max(1, Math.ceil(waitMs / 1000))));
    }
    return new Promise<string | boolean>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, op, password, salt, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length && (this.idle.length || this.all.size < this.threads)) {
      const worker = this.idle.pop() ?? this.spawn();
      clearTimeout(this.retireTimers.get(worker));
      this.retireTimers.delete(worker);
      const job = this.queue.shift()!;
      job.startedAt = Date.now();
      this.running.set(worker, job);
      worker.postMessage({ id: job.id, op: job.op, password: job.password, salt: job.salt });
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bcryptPath: this.bcryptPath, niceness: WORKER_NICENESS },
    });
    worker.unref(); // never what keeps the process alive
    worker.on('message', (message: { result?: string | boolean; error?: string }) =>
      this.finished(worker, message),
    );
    // A thread that died is dropped (the next job starts another); the job it held fails.
    worker.on('error', (error) => {
      const job = this.running.get(worker);
      this.forget(worker);
      job?.reject(error);
      if (!this.closed) this.dispatch();
    });
    this.all.add(worker);
    return worker;
  }

  private finished(worker: Worker, message: { result?: string | boolean; error?: string }): void {
    const job = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    if (job) {
      this.averageMs = this.averageMs * 0.8 + (Date.now() - job.startedAt!) * 0.2;
      if (message.error !== undefined) job.reject(new Error(`bcrypt: ${message.error}`));
      else job.resolve(message.result!);
    }
    this.dispatch();
    if (this.idle.includes(worker)) this.retireWhenIdle(worker);
  }

  private retireWhenIdle(worker: Worker): void {
    const timer = setTimeout(() => {
      this.forget(worker);
      void worker.terminate();
    }, this.idleThreadMs);
    timer.unref();
    this.retireTimers.set(worker, timer);
  }

  private forget(worker: Worker): void {
    clearTimeout(this.retireTimers.get(worker));
    this.retireTimers.delete(worker);
    this.running.delete(worker);
    this.all.delete(worker);
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { paramsProblems } from '../jobs/action-schema.js';
import { argvFor, type LocalAction } from './actions-file.js';

/** What job_run carries (API.md §13). */
export interface JobRunMessage {
  job_id: string;
  action: string;
  params: Record<string, unknown>;
  timeout_s: number;
}

export type Send = (event: 'job_output' | 'job_result', payload: Record<string, unknown>) => void;

/** After SIGTERM, a job's process group has this long before SIGKILL. */
export const KILL_GRACE_MS = 5_000;
/** Output is sent as it comes, gathered for at most this long or this many characters. */
const FLUSH_MS = 50;
const MAX_CHUNK_CHARS = 16 * 1024;
/** Jobs run at once by one agent (the API allows 4 per server). */
const MAX_RUNNING = 8;

interface Running {
  child: ChildProcess;
  ending?: 'timed_out' | 'cancelled';
  timers: NodeJS.Timeout[];
}

/**
 * Runs the jobs the API sends, from the agent's own actions only: the params are checked against
 * the action's schema again here (a compromised API gets no further than the schema allows), the
 * argv is built from the action's command with params as whole arguments, and the program is
 * spawned without a shell, in a process group of its own — so a timeout or a cancel (SIGTERM,
 * then SIGKILL after 5 s) reaches everything it started. Output goes out in chunks as it comes;
 * the result follows the last chunk. `send` must deliver in order and retry until acknowledged.
 */
export class JobRunner {
  private readonly running = new Map<string, Running>();
  /** Jobs whose result is not yet acknowledged: still running as far as the API can tell. */
  private readonly unsettled = new Set<string>();
  private readonly actions: Map<string, LocalAction>;

  constructor(
    actions: readonly LocalAction[],
    private readonly send: Send,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.actions = new Map(actions.map((action) => [action.name, action]));
  }

  /** job_run's acknowledgement: "accepted", or "rejected" with the reason. */
  run(message: JobRunMessage): { status: 'accepted' } | { status: 'rejected'; message: string } {
    if (this.running.has(message?.job_id) || this.unsettled.has(message?.job_id))
      return { status: 'accepted' };
    const action = this.actions.get(message?.action);
    if (!action) return { status: 'rejected', message: 'Unknown action' };
    const params = message.params ?? {};
    const problems = paramsProblems(action.params, params);
    if (problems.length > 0)
      return {
        status: 'rejected',
        message: `Invalid params: ${problems.map((p) => `${p.path.join('.') || 'params'} ${p.message}`).join('; ')}`,
      };
    if (this.running.size >= MAX_RUNNING) return { status: 'rejected', message: 'Agent busy' };
    const dashed = Object.entries(params).find(([, value]) => String(value).startsWith('-'));
    // A value starting with "-" would be read as an option by most programs.
    if (dashed)
      return { status: 'rejected', message: `Invalid params: ${dashed[0]} starts with "-"` };
    this.start(message.job_id, action, argvFor(action, params));
    return { status: 'accepted' };
  }

  /** job_cancel's acknowledgement. */
  cancel(jobId: unknown): { status: 'cancelling' | 'unknown' } {
    const job = typeof jobId === 'string' ? this.running.get(jobId) : undefined;
    if (!job) return { status: 'unknown' };
    this.terminate(job, 'cancelled');
    return { status: 'cancelling' };
  }

  /** For heartbeats: every job the API should still consider running. */
  runningJobIds(): string[] {
    return [...new Set([...this.running.keys(), ...this.unsettled])];
  }

  /** The result of a job was acknowledged. */
  settled(jobId: string): void {
    this.unsettled.delete(jobId);
  }

  /** Agent shutdown: every job's group gets SIGTERM (then SIGKILL). */
  stopAll(): void {
    for (const job of this.running.values()) this.terminate(job, 'cancelled');
  }

  private start(jobId: string, action: LocalAction, argv: string[]): void {
    this.log(`job ${jobId}: running action ${action.name}`);
    this.unsettled.add(jobId);
    let seq = 0;
    const child = spawn(argv[0], argv.slice(1), {
      shell: false,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: commandEnvironment(),
    });
    const job: Running = { child, timers: [] };
    this.running.set(jobId, job);
    job.timers.push(setTimeout(() => this.terminate(job, 'timed_out'), action.timeout_s * 1000));

    const streams = (['stdout', 'stderr'] as const).map((stream) => {
      const decoder = new StringDecoder('utf8');
      let pending = '';
      let timer: NodeJS.Timeout | undefined;
      const flush = () => {
        clearTimeout(timer);
        timer = undefined;
        // PostgreSQL text holds no NUL; the API refuses it. Shown as the replacement character.
        const text = pending.replace(/\0/g, '\uFFFD');
        pending = '';
        for (const data of pieces(text, MAX_CHUNK_CHARS))
          this.send('job_output', { job_id: jobId, seq: seq++, stream, data });
      };
      child[stream]!.on('data', (bytes: Buffer) => {
        pending += decoder.write(bytes);
        if (pending.length >= MAX_CHUNK_CHARS) flush();
        else timer ??= setTimeout(flush, FLUSH_MS);
      });
      return () => {
        pending += decoder.end();
        if (pending) flush();
      };
    });

    let finished = false;
    const finish = (exitCode: number | null, status: string, note?: string) => {
      if (finished) return;
      finished = true;
      job.timers.forEach(clearTimeout);
      this.running.delete(jobId);
      streams.forEach((end) => end());
      if (note)
        this.send('job_output', { job_id: jobId, seq: seq++, stream: 'stderr', data: note });
      this.log(`job ${jobId}: ${status}${exitCode === null ? '' : ` (exit ${exitCode})`}`);
      this.send('job_result', { job_id: jobId, exit_code: exitCode, status });
    };
    child.once('error', (error) =>
      finish(null, 'failed', `cannot run ${argv[0]}: ${error.message}\n`),
    );
    child.once('close', (code, signal) => {
      const exitCode = code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : null);
      finish(exitCode, job.ending ?? (code === 0 ? 'succeeded' : 'failed'));
    });
  }

  private terminate(job: Running, why: 'timed_out' | 'cancelled'): void {
    if (job.ending) return;
    job.ending = why;
    killGroup(job.child, 'SIGTERM');
    // Not cleared when the program exits: what it started in its group may outlive it.
    setTimeout(() => killGroup(job.child, 'SIGKILL'), KILL_GRACE_MS).unref();
  }
}

/** The agent's environment without its own credentials: a command never sees the API key. */
function commandEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.CHATOPS_API_KEY;
  delete env.CHATOPS_URL;
  return env;
}

/** The whole process group the job's program leads (it was spawned detached). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** `text` in pieces of at most `max` UTF-16 units, never cutting a surrogate pair in two. */
function pieces(text: string, max: number): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + max, text.length);
    const code = text.charCodeAt(end);
    if (end < text.length && code >= 0xdc00 && code <= 0xdfff) end--;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

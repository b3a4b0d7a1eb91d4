import { emitWithAck, openSocket, type RecordedSocket } from './agent-sockets.js';

/** A catalog for scripted test agents: one action without params, one with a schema. */
export const TEST_ACTIONS = [
  {
    name: 'noop',
    description: 'Does nothing',
    params: { type: 'object', properties: {} },
    timeout_s: 10,
    risk: 'low',
  },
  {
    name: 'journal',
    description: 'Last lines of a unit’s journal',
    params: {
      type: 'object',
      properties: {
        unit: { type: 'string', enum: ['nginx', 'postgresql'] },
        lines: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
      },
      required: ['unit'],
    },
    timeout_s: 30,
    risk: 'low',
  },
] as const;

export interface JobRun {
  job_id: string;
  action: string;
  params: Record<string, unknown>;
  timeout_s: number;
}

export interface ScriptedAgent {
  socket: RecordedSocket;
  /** The job_run messages received, in order. */
  runs: JobRun[];
  /** Waits for the next job_run (answered by `answer`, "accepted" by default, maybe later). */
  nextRun(ms?: number): Promise<JobRun>;
  /** Sends an agent → API job message and waits for its ack (twice when `duplicate`). */
  send(event: 'job_output' | 'job_result' | 'heartbeat', payload: unknown): Promise<any>;
  close(): void;
}

/**
 * A test agent speaking the job protocol by hand: authenticated at the handshake, declares
 * `actions`, acknowledges job_run with `answer` (default "accepted"). With `duplicate`, every
 * message it sends goes twice, as an agent retrying after a lost ack would.
 */
export async function scriptedAgent(
  baseUrl: string,
  apiKey: string,
  options: {
    actions?: readonly unknown[];
    duplicate?: boolean;
    answer?: (run: JobRun) => unknown;
  } = {},
): Promise<ScriptedAgent> {
  const socket = openSocket(baseUrl, '/agents', { api_key: apiKey });
  const runs: JobRun[] = [];
  const waiting: ((run: JobRun) => void)[] = [];
  let taken = 0;
  socket.socket.on('job_run', (run: JobRun, ack: (answer: unknown) => void) => {
    runs.push(run);
    waiting.shift()?.(run);
    void Promise.resolve(options.answer ? options.answer(run) : { status: 'accepted' }).then(ack);
  });
  await socket.next('auth_success');
  const send = async (event: string, payload: unknown) => {
    const first = await emitWithAck(socket.socket, event, payload);
    if (!options.duplicate) return first;
    return emitWithAck(socket.socket, event, payload);
  };
  const catalog = await send('capabilities', { actions: options.actions ?? TEST_ACTIONS });
  if (catalog?.type !== 'capabilities_ack')
    throw new Error(`capabilities refused: ${JSON.stringify(catalog)}`);
  return {
    socket,
    runs,
    send,
    nextRun: (ms = 5000) => {
      if (runs.length > taken) return Promise.resolve(runs[taken++]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no job_run within ${ms} ms`)), ms);
        waiting.push((run) => {
          clearTimeout(timer);
          taken++;
          resolve(run);
        });
      });
    },
    close: () => socket.close(),
  };
}

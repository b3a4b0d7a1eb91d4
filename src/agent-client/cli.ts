import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ActionsFileError, type LocalAction, loadActionsFile } from './actions-file.js';
import { AgentClient, redact } from './agent-client.js';

/**
 * The reference agent's command line:
 *   npm run agent -- --url http://localhost:3000 --api-key chatops_... [--heartbeat 30]
 *                    [--actions actions.yaml]
 * Without --actions the agent offers no action (see deploy/agent-actions.example.yaml).
 * CHATOPS_URL and CHATOPS_API_KEY may stand in for the flags (better: the key stays out of `ps`).
 * Exit codes: 0 stopped by a signal, 1 the server refused the key, 2 bad usage.
 * This is a separate program from the API, so it reads its own environment here.
 */
const USAGE =
  'usage: npm run agent -- --url <http://host:port> --api-key <key> [--heartbeat <seconds>] [--actions <actions.yaml>]';

function version(): string {
  try {
    return (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version ??
      'unknown'
    );
  } catch {
    return 'unknown';
  }
}

function log(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

function usage(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: 'string' },
        'api-key': { type: 'string' },
        heartbeat: { type: 'string', default: '30' },
        actions: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const url = values.url ?? process.env.CHATOPS_URL;
  const apiKey = values['api-key'] ?? process.env.CHATOPS_API_KEY;
  const heartbeatSeconds = Number(values.heartbeat);
  if (!url || !/^https?:\/\//.test(url)) usage('--url (or CHATOPS_URL) must be an http(s) URL');
  if (!apiKey) usage('--api-key (or CHATOPS_API_KEY) is required');
  if (!Number.isFinite(heartbeatSeconds) || heartbeatSeconds < 1 || heartbeatSeconds > 3600)
    usage('--heartbeat must be 1 to 3600 seconds');

  let actions: LocalAction[] = [];
  if (values.actions) {
    try {
      actions = loadActionsFile(values.actions);
    } catch (error) {
      if (!(error instanceof ActionsFileError)) throw error;
      console.error(error.message);
      process.exit(2);
    }
    log(`offering ${actions.length} action(s): ${actions.map((a) => a.name).join(', ') || 'none'}`);
  }

  const client = new AgentClient({
    url,
    apiKey,
    heartbeatSeconds,
    version: version(),
    actions,
    log,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => client.stop());
  const outcome = await client.run();
  if (outcome.result === 'refused') {
    console.error(`${redact(url)} refused the API key: ${outcome.message}`);
    process.exit(1);
  }
  log('stopped');
  process.exit(0);
}

void main();

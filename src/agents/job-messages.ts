import {
  CAPABILITIES_ACK_SCHEMA,
  CAPABILITIES_SCHEMA,
  type CapabilitiesMessage,
  JOB_CANCEL_ACK_SCHEMA,
  JOB_CANCEL_SCHEMA,
  JOB_OUTPUT_ACK_SCHEMA,
  JOB_OUTPUT_EVENT_SCHEMA,
  JOB_OUTPUT_SCHEMA,
  JOB_RESULT_ACK_SCHEMA,
  JOB_RESULT_SCHEMA,
  JOB_RUN_ACK_SCHEMA,
  JOB_RUN_SCHEMA,
  JOB_STATUS_SCHEMA,
  type JobOutputMessage,
  type JobResultMessage,
  type JsonSchema,
  parseCapabilities,
  parseJobOutput,
  parseJobResult,
} from '../jobs/job-protocol.js';
import { AgentProtocolError } from './agent-errors.js';
import type { AgentPayload, ServerMessage } from './agent-messages.js';
import { assertSafePayload } from './agent-protocol.js';

/**
 * The job messages of /agents and /events (API.md §13) in the gateway's terms (agent-messages.ts):
 * what agents send, each with its schema and a strict parser for `@AgentBody` (a bad payload is
 * an AgentProtocolError, "Invalid payload"), and what the API sends, for `@AgentReply` and the
 * AsyncAPI document. The schemas are the jobs module's (src/jobs/job-protocol.ts), checked with Ajv.
 */
type JobAgentPayload<T> = AgentPayload<T> & { readonly schema: JsonSchema };

function strict<T>(parse: (payload: unknown) => T | null): (payload: unknown) => T {
  return (payload) => {
    assertSafePayload(payload);
    const parsed = parse(payload);
    if (parsed === null) throw new AgentProtocolError();
    return parsed;
  };
}

export const CAPABILITIES: JobAgentPayload<CapabilitiesMessage> = {
  name: 'capabilities',
  summary:
    'The actions this agent can run, from its own configuration (after auth_success, and again on every connection).',
  schema: CAPABILITIES_SCHEMA,
  parse: strict(parseCapabilities),
};

export const JOB_OUTPUT: JobAgentPayload<JobOutputMessage> = {
  name: 'job_output',
  summary:
    "A chunk of a job's stdout or stderr; resent until acknowledged (a repeated seq is ignored).",
  schema: JOB_OUTPUT_SCHEMA,
  parse: strict(parseJobOutput),
};

export const JOB_RESULT: JobAgentPayload<JobResultMessage> = {
  name: 'job_result',
  summary: 'How a job ended; resent until acknowledged (only the first result counts).',
  schema: JOB_RESULT_SCHEMA,
  parse: strict(parseJobResult),
};

export const CAPABILITIES_ACK: ServerMessage = {
  name: 'capabilities_ack',
  summary: 'The catalog was stored (ack only).',
  schema: CAPABILITIES_ACK_SCHEMA,
};
export const JOB_OUTPUT_ACK: ServerMessage = {
  name: 'job_output_ack',
  summary: 'The chunk is stored, or was already (ack only).',
  schema: JOB_OUTPUT_ACK_SCHEMA,
};
export const JOB_RESULT_ACK: ServerMessage = {
  name: 'job_result_ack',
  summary: 'The result is stored, or one already was (ack only).',
  schema: JOB_RESULT_ACK_SCHEMA,
};
export const JOB_RUN_ACK: ServerMessage = {
  name: 'job_run_ack',
  summary: "The agent's answer to job_run: accepted, or rejected with its reason.",
  schema: JOB_RUN_ACK_SCHEMA,
};
export const JOB_CANCEL_ACK: ServerMessage = {
  name: 'job_cancel_ack',
  summary: "The agent's answer to job_cancel.",
  schema: JOB_CANCEL_ACK_SCHEMA,
};
export const JOB_STATUS: ServerMessage = {
  name: 'job_status',
  summary: "A job of the user's changed status (the job without its output).",
  schema: JOB_STATUS_SCHEMA,
};
export const JOB_OUTPUT_EVENT: ServerMessage = {
  name: 'job_output',
  summary: "Output of a job of the user's, as it arrives.",
  schema: JOB_OUTPUT_EVENT_SCHEMA,
};

export const JOB_RUN: ServerMessage = {
  name: 'job_run',
  summary: 'Run one of your actions. Acknowledge with JOB_RUN_ACK within 10 s.',
  schema: JOB_RUN_SCHEMA,
  reply: JOB_RUN_ACK,
};
export const JOB_CANCEL: ServerMessage = {
  name: 'job_cancel',
  summary:
    'Stop a job: SIGTERM to its process group, SIGKILL after 5 s; then its result says cancelled.',
  schema: JOB_CANCEL_SCHEMA,
  reply: JOB_CANCEL_ACK,
};
/** The job events each namespace emits (to merge into EMITTED), with the acks they expect. */
export const JOB_EMITTED = {
  agents: { job_run: JOB_RUN, job_cancel: JOB_CANCEL },
  events: { job_status: JOB_STATUS, job_output: JOB_OUTPUT_EVENT },
} satisfies Record<string, Record<string, ServerMessage>>;

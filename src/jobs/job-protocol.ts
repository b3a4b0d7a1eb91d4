import { Ajv } from 'ajv';
import { type ActionDefinition, CATALOG_SCHEMA, parseCatalog } from './action-schema.js';
import { AGENT_RESULT_STATUSES, JOB_STATUSES } from './job.entity.js';

/**
 * The job messages of the agent protocol (API.md §13), each once as a JSON Schema: what agents
 * send is checked against these (Ajv), and the AsyncAPI document can show the same schemas.
 * Pure: the gateway wraps the parsers into its own payload errors (agents/job-messages.ts).
 */
export type JsonSchema = { [keyword: string]: unknown };

/** Most text one job_output may carry (a socket message is at most 64 KiB in all). */
export const MAX_CHUNK_CHARS = 32 * 1024;

const uuid = (description: string): JsonSchema => ({
  type: 'string',
  format: 'uuid',
  description,
});

export interface CapabilitiesMessage {
  actions: ActionDefinition[];
}
export interface JobOutputMessage {
  job_id: string;
  seq: number;
  stream: 'stdout' | 'stderr';
  data: string;
}
export interface JobResultMessage {
  job_id: string;
  exit_code: number | null;
  status: (typeof AGENT_RESULT_STATUSES)[number];
}

/** agent → API `capabilities`: the agent's catalog, from its own configuration file. */
export const CAPABILITIES_SCHEMA: JsonSchema = CATALOG_SCHEMA;

/** agent → API `job_output`. */
export const JOB_OUTPUT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['job_id', 'seq', 'stream', 'data'],
  properties: {
    job_id: uuid('The job, as job_run gave it.'),
    seq: {
      type: 'integer',
      minimum: 0,
      maximum: 10_000_000,
      description: "The chunk's number, from 0 per job: a repeated seq is ignored.",
    },
    stream: { type: 'string', enum: ['stdout', 'stderr'] },
    data: { type: 'string', maxLength: MAX_CHUNK_CHARS, description: 'Text (no NUL).' },
  },
};

/** agent → API `job_result`. */
export const JOB_RESULT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['job_id', 'status'],
  properties: {
    job_id: uuid('The job, as job_run gave it.'),
    exit_code: {
      type: ['integer', 'null'],
      minimum: -1_000_000,
      maximum: 1_000_000,
      description: "The program's exit code (128 + n when signal n ended it); null if none.",
    },
    status: {
      type: 'string',
      enum: [...AGENT_RESULT_STATUSES],
      description: 'The first result of a job ends it; a repeated one is ignored.',
    },
  },
};

// What the API sends, for the document (never compiled: the API builds these itself).

export const CAPABILITIES_ACK_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['type', 'actions'],
  properties: {
    type: { type: 'string', const: 'capabilities_ack' },
    actions: { type: 'integer', description: 'How many actions were stored.' },
  },
};
export const JOB_OUTPUT_ACK_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['type', 'job_id', 'seq'],
  properties: {
    type: { type: 'string', const: 'job_output_ack' },
    job_id: uuid('The job.'),
    seq: { type: 'integer' },
  },
};
export const JOB_RESULT_ACK_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['type', 'job_id'],
  properties: { type: { type: 'string', const: 'job_result_ack' }, job_id: uuid('The job.') },
};
export const JOB_RUN_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['job_id', 'action', 'params', 'timeout_s'],
  properties: {
    job_id: uuid('The job.'),
    action: { type: 'string', description: 'One of the actions the agent declared.' },
    params: { type: 'object', description: "Checked against the action's schema by the API." },
    timeout_s: { type: 'integer', description: 'From the catalog: past it, `timed_out`.' },
  },
};
export const JOB_RUN_ACK_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['accepted', 'rejected'] },
    message: { type: 'string', description: 'Why it was rejected.' },
  },
};
export const JOB_CANCEL_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['job_id'],
  properties: { job_id: uuid('The job to stop: SIGTERM, then SIGKILL after 5 s.') },
};
export const JOB_CANCEL_ACK_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['cancelling', 'unknown'] } },
};
/** `/events` `job_status`: the job as `GET /jobs/{id}` shows it, without output. */
export const JOB_STATUS_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'server_id', 'action', 'status'],
  properties: {
    id: uuid('The job.'),
    server_id: uuid('Its server.'),
    action: { type: 'string' },
    params: { type: 'object' },
    status: { type: 'string', enum: [...JOB_STATUSES] },
    exit_code: { type: ['integer', 'null'] },
    error: { type: ['string', 'null'] },
    truncated: { type: 'boolean' },
    requested_by: { type: ['string', 'null'], format: 'uuid' },
    timeout_s: { type: 'integer' },
    created_at: { type: 'string', format: 'date-time' },
    started_at: { type: ['string', 'null'], format: 'date-time' },
    finished_at: { type: ['string', 'null'], format: 'date-time' },
  },
};
/** `/events` `job_output`: a chunk as stored (cut at the 1 MiB cap). */
export const JOB_OUTPUT_EVENT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['job_id', 'server_id', 'seq', 'stream', 'data'],
  properties: {
    job_id: uuid('The job.'),
    server_id: uuid('Its server.'),
    seq: { type: 'integer' },
    stream: { type: 'string', enum: ['stdout', 'stderr'] },
    data: { type: 'string', description: 'Text: show it as text, never as HTML.' },
  },
};

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const validOutput = ajv.compile<JobOutputMessage>(JOB_OUTPUT_SCHEMA);
const validResult = ajv.compile<JobResultMessage>(JOB_RESULT_SCHEMA);

/** The message, or null when it is not the documented shape. */
export function parseJobOutput(payload: unknown): JobOutputMessage | null {
  if (!validOutput(payload)) return null;
  const { job_id, seq, stream, data } = payload;
  return { job_id: job_id.toLowerCase(), seq, stream, data };
}

export function parseJobResult(payload: unknown): JobResultMessage | null {
  if (!validResult(payload)) return null;
  const { job_id, exit_code, status } = payload;
  return { job_id: job_id.toLowerCase(), exit_code: exit_code ?? null, status };
}

export function parseCapabilities(payload: unknown): CapabilitiesMessage | null {
  const actions = parseCatalog(payload);
  return actions ? { actions } : null;
}

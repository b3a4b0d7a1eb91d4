import { ApiProperty } from '@nestjs/swagger';
import type { ParamsSchema } from '../action-schema.js';
import { JOB_STATUSES, type Job, type JobStatus } from '../job.entity.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** An action an agent declared (API.md §13). */
export class ActionDto {
  @ApiProperty({ example: 'journal', description: 'Unique among the agent’s actions.' })
  name: string;
  @ApiProperty({ example: 'Last lines of a unit’s journal' })
  description: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: {
      type: 'object',
      properties: {
        unit: { type: 'string', enum: ['nginx', 'postgresql'] },
        lines: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
      },
      required: ['unit'],
    },
    description:
      'JSON Schema of the params: an object of string / number / integer / boolean properties (with enum, bounds, lengths, default).',
  })
  params: ParamsSchema;
  @ApiProperty({
    example: 30,
    description: 'The agent ends a run that lasts longer (`timed_out`).',
  })
  timeout_s: number;
  @ApiProperty({ enum: ['low', 'high'], description: 'How careful a person should be running it.' })
  risk: 'low' | 'high';
}

export class ActionListDto {
  @ApiProperty({
    type: [ActionDto],
    description:
      'The catalog of the connected agent(s) of the server; empty when none is connected.',
  })
  items: ActionDto[];
}

/** A job as lists show it (no output). */
export class JobSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  server_id: string;
  @ApiProperty({ example: 'journal' })
  action: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { unit: 'nginx' } })
  params: Record<string, unknown>;
  @ApiProperty({
    enum: JOB_STATUSES,
    description:
      'queued → running → succeeded | failed | timed_out | cancelled | lost. `lost`: the agent (or the instance holding it) went away and did not come back in time; never retried.',
  })
  status: JobStatus;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "The command's exit code, if it ended.",
  })
  exit_code: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Why the API ended it or the agent refused it (null when the agent reported the end).',
  })
  error: string | null;
  @ApiProperty({ description: 'Output went past 1 MiB; the rest was dropped.' })
  truncated: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who asked for it.' })
  requested_by: string | null;
  @ApiProperty({ example: 30 })
  timeout_s: number;
  @ApiProperty({ format: 'date-time' })
  created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  started_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finished_at: string | null;
}

export class JobOutputChunkDto {
  @ApiProperty({ example: 0, description: "The agent's sequence number of the chunk." })
  seq: number;
  @ApiProperty({ enum: ['stdout', 'stderr'] })
  stream: 'stdout' | 'stderr';
  @ApiProperty({ example: 'Active: active (running)\n', description: 'Text, never HTML.' })
  data: string;
}

export class JobDto extends JobSummaryDto {
  @ApiProperty({
    type: [JobOutputChunkDto],
    description: 'stdout and stderr interleaved as the agent sent them (at most 1 MiB in all).',
  })
  output: JobOutputChunkDto[];
}

export function toJobSummaryDto(job: Job): JobSummaryDto {
  return {
    id: job.id,
    server_id: job.serverId,
    action: job.action,
    params: job.params,
    status: job.status,
    exit_code: job.exitCode,
    error: job.error,
    truncated: job.truncated,
    requested_by: job.requestedBy,
    timeout_s: job.timeoutS,
    created_at: job.createdAt.toISOString(),
    started_at: iso(job.startedAt),
    finished_at: iso(job.finishedAt),
  };
}

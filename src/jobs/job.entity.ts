import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const JOB_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'timed_out',
  'cancelled',
  'lost',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/** The statuses a job can still leave; every other one is final. */
export const ACTIVE_STATUSES: readonly JobStatus[] = ['queued', 'running'];
/** What an agent may report in job_result. */
export const AGENT_RESULT_STATUSES = ['succeeded', 'failed', 'timed_out', 'cancelled'] as const;

/**
 * One run of a named action on a server (API.md §13). Output is kept beside it, chunk by chunk
 * (job_output), up to OUTPUT_CAP bytes. The agent_* columns say which agent socket holds it, for
 * lost-job detection (job-upkeep.service.ts).
 */
@Entity({ name: 'jobs' })
export class Job {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'server_id', type: 'uuid' })
  serverId: string;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'jsonb' })
  params: Record<string, unknown>;

  @Column({ name: 'timeout_s', type: 'integer' })
  timeoutS: number;

  @Column({ type: 'varchar', length: 16 })
  status: JobStatus;

  @Column({ name: 'exit_code', type: 'integer', nullable: true })
  exitCode: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  error: string | null;

  @Column({ name: 'output_bytes', type: 'integer' })
  outputBytes: number;

  @Column({ type: 'boolean' })
  truncated: boolean;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 255, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId: string | null;

  @Column({ name: 'agent_socket_id', type: 'varchar', length: 64, nullable: true })
  agentSocketId: string | null;

  @Column({ name: 'detached_at', type: 'timestamptz', nullable: true })
  detachedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

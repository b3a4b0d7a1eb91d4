import type { Job } from './job.entity.js';

/** A `jobs` row as `RETURNING *` / raw queries give it, mapped to the entity. */
export function jobFromRow(row: Record<string, any>): Job {
  return {
    id: row.id,
    serverId: row.server_id,
    requestedBy: row.requested_by,
    action: row.action,
    params: row.params,
    timeoutS: row.timeout_s,
    status: row.status,
    exitCode: row.exit_code,
    error: row.error,
    outputBytes: row.output_bytes,
    truncated: row.truncated,
    idempotencyKey: row.idempotency_key,
    apiKeyId: row.api_key_id,
    agentSocketId: row.agent_socket_id,
    detachedAt: row.detached_at,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** TypeORM answers UPDATE … RETURNING with [rows, affected count]; INSERT/SELECT with rows. */
export function returnedRows(result: unknown): Record<string, any>[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]))
    return result[0] as Record<string, any>[];
  return result as Record<string, any>[];
}

export const ACTIVE_SQL = `status IN ('queued', 'running')`;

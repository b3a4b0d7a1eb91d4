import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS } from '../audit-event.js';

export class AuditActorDto {
  @ApiProperty({ enum: ['user', 'agent', 'system'] })
  type: 'user' | 'agent' | 'system';

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description:
      "The user's id, or the agent's API key id; null for the system or an unknown account.",
  })
  id: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "The user's username as it was when the event happened (kept after the user is renamed or deleted), or an agent key's 12-character prefix.",
  })
  username: string | null;
}

export class AuditSubjectDto {
  @ApiProperty({ enum: ['user', 'server', 'api_key', 'session', 'job', 'passkey', 'agent'] })
  type: string;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  id: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Its name as it was (username, server name, key name).',
  })
  name: string | null;
}

/** One event of the security audit log (API.md §12). */
export class AuditEventDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When it happened (the first time, for an aggregated run: see `count`).',
  })
  at: string;

  @ApiProperty({
    format: 'date-time',
    description: 'The last time, for an aggregated run; equal to `at` otherwise.',
  })
  last_at: string;

  @ApiProperty({
    example: 1,
    description:
      'How many identical events this row stands for. Failed logins and refused agents from one address against one account or key within half a second are one row.',
  })
  count: number;

  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction', example: 'auth.login.succeeded' })
  action: string;

  @ApiProperty({ type: AuditActorDto })
  actor: AuditActorDto;

  @ApiProperty({ type: AuditSubjectDto })
  subject: AuditSubjectDto;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '203.0.113.7',
    description: 'The client address, as TRUST_PROXY decides it (null for the system).',
  })
  ip: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0 (X11; Linux x86_64) …' })
  user_agent: string | null;

  @ApiProperty({ enum: ['success', 'failure'] })
  outcome: 'success' | 'failure';

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { reason: 'wrong_password' },
    description:
      'What else is worth knowing (a reason, the fields changed, a key prefix of at most 12 characters). Never a password, token, key or code.',
  })
  details: Record<string, unknown>;
}

/** The audit_events columns the views read, in the order AuditEventDto shows them. */
export const AUDIT_COLUMNS = `e.id, e.at, e.last_at, e.count, e.action, e.actor_type, e.actor_id,
  e.actor_name, e.subject_type, e.subject_id, e.subject_name, e.ip, e.user_agent, e.outcome,
  e.details`;

export interface AuditEventRow {
  id: string;
  at: Date;
  last_at: Date;
  count: number;
  action: string;
  actor_type: 'user' | 'agent' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  subject_type: string;
  subject_id: string | null;
  subject_name: string | null;
  ip: string | null;
  user_agent: string | null;
  outcome: 'success' | 'failure';
  details: Record<string, unknown>;
}

export function toAuditEventDto(row: AuditEventRow): AuditEventDto {
  return {
    id: row.id,
    at: row.at.toISOString(),
    last_at: row.last_at.toISOString(),
    count: row.count,
    action: row.action,
    actor: { type: row.actor_type, id: row.actor_id, username: row.actor_name },
    subject: { type: row.subject_type, id: row.subject_id, name: row.subject_name },
    ip: row.ip,
    user_agent: row.user_agent,
    outcome: row.outcome,
    details: row.details,
  };
}

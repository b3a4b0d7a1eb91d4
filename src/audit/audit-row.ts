import type { AuditEventInput } from './audit-event.js';

/** The display prefix of an API key (api-keys/api-key-format.ts): the most of a key ever shown. */
export const KEY_PREFIX_LENGTH = 12;

/**
 * Detail keys that could carry a secret: dropped whatever the caller put in them. A second line of
 * defence — callers never pass secrets — so a mistake in a feature cannot write one to the log.
 */
const SECRET_KEY =
  /pass(word)?|secret|token|hash|otp|^(recovery_)?codes?$|^(api_)?key$|credential/i;
const MAX_DETAIL_TEXT = 200;

/** One row of audit_events as the insert statement reads it (jsonb_to_recordset). */
export interface AuditRow {
  at: string | null;
  last_at: string | null;
  count: number;
  action: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  subject_type: string;
  subject_id: string | null;
  subject_name: string | null;
  owner_ids: string[];
  ip: string | null;
  user_agent: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

const clip = (text: string | null | undefined, max: number) =>
  typeof text === 'string' ? text.slice(0, max) : null;

/** An event as a row: texts clipped to their columns, details scrubbed. */
export function toAuditRow(
  event: AuditEventInput,
  times: { at: Date; lastAt: Date; count: number } | undefined,
): AuditRow {
  return {
    at: (times?.at ?? event.at)?.toISOString() ?? null,
    last_at: times?.lastAt.toISOString() ?? null,
    count: times?.count ?? 1,
    action: event.action,
    actor_type: event.actor.type,
    actor_id: event.actor.id,
    actor_name: clip(event.actor.username, 255),
    subject_type: event.subject.type,
    subject_id: event.subject.id,
    subject_name: clip(event.subject.name, 255),
    owner_ids: [...new Set(event.ownerIds ?? [])],
    ip: clip(event.origin?.ip, 64),
    user_agent: clip(event.origin?.userAgent, 512),
    outcome: event.outcome,
    details: scrubDetails(event.details ?? {}),
  };
}

/**
 * Drops secret-looking keys, clips texts (a key prefix to 12 characters); nested objects (a job's
 * params) are scrubbed the same way, two levels of nesting at most.
 */
export function scrubDetails(details: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (SECRET_KEY.test(key)) continue;
    if (typeof value === 'string') {
      kept[key] = value.slice(0, /prefix/i.test(key) ? KEY_PREFIX_LENGTH : MAX_DETAIL_TEXT);
    } else if (value === null || typeof value === 'number' || typeof value === 'boolean') {
      kept[key] = value;
    } else if (Array.isArray(value)) {
      kept[key] = value
        .filter((item) => ['string', 'number', 'boolean'].includes(typeof item))
        .slice(0, 20)
        .map((item) => (typeof item === 'string' ? item.slice(0, MAX_DETAIL_TEXT) : item));
    } else if (typeof value === 'object' && depth < 2) {
      kept[key] = scrubDetails(value as Record<string, unknown>, depth + 1);
    }
  }
  return kept;
}

/**
 * What makes two unchanged events "the same" for aggregation: action, actor, subject, address,
 * outcome (API.md §12) and details (so a run keeps one reason). The user agent of the first of a
 * run is the one kept.
 */
export function aggregationKey(event: AuditEventInput): string {
  return JSON.stringify([
    event.action,
    event.actor.type,
    event.actor.id,
    event.actor.id ? null : (event.actor.username ?? null),
    event.subject.type,
    event.subject.id,
    event.origin?.ip ?? null,
    event.outcome,
    event.details ?? null,
  ]);
}

/**
 * Inserts events (a JSON array of AuditRow) and, in the same statement, who may read each: the
 * actor and the subject when they are users, and the owners named. A row without times is stamped
 * with the statement's time.
 */
export const INSERT_EVENTS_SQL = `
  WITH e AS (
    INSERT INTO audit_events (at, last_at, count, action, actor_type, actor_id, actor_name,
                              subject_type, subject_id, subject_name, owner_ids, ip, user_agent,
                              outcome, details)
    SELECT coalesce(x.at, statement_timestamp()), coalesce(x.last_at, x.at, statement_timestamp()),
           x.count, x.action, x.actor_type, x.actor_id, x.actor_name, x.subject_type, x.subject_id,
           x.subject_name, x.owner_ids, x.ip, x.user_agent, x.outcome, x.details
      FROM jsonb_to_recordset($1::jsonb) AS x(
        at timestamptz, last_at timestamptz, count integer, action text, actor_type text,
        actor_id uuid, actor_name text, subject_type text, subject_id uuid, subject_name text,
        owner_ids uuid[], ip text, user_agent text, outcome text, details jsonb)
    RETURNING id, at, action, actor_type, actor_id, subject_type, subject_id, owner_ids)
  INSERT INTO audit_event_readers (reader_id, at, event_id, action)
  SELECT DISTINCT r.id, e.at, e.id, e.action
    FROM e CROSS JOIN LATERAL unnest(array_remove(
           ARRAY[CASE WHEN e.actor_type = 'user' THEN e.actor_id END,
                 CASE WHEN e.subject_type = 'user' THEN e.subject_id END] || e.owner_ids,
           NULL)) AS r(id)`;

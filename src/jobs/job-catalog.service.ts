import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isForeignKeyViolation } from '../common/postgres-errors.js';
import type { ActionDefinition } from './action-schema.js';

/**
 * An agent connection counts while its instance beats (the 20 s of presence.sql.ts's
 * INSTANCE_TTL_SECONDS): a catalog of an instance that died stops being offered at once.
 */
const LIVE_CONNECTION_SQL = `
  EXISTS (SELECT 1 FROM agent_connections c JOIN app_instances i ON i.id = c.instance_id
           WHERE c.socket_id = %s AND i.heartbeat_at > now() - interval '20 seconds')`;
export const liveSocketSql = (column: string) => LIVE_CONNECTION_SQL.replace('%s', column);

/** The agent that will run a job: its socket, its key, and its definition of the action. */
export interface ChosenAgent {
  socketId: string;
  keyId: string;
  action: ActionDefinition;
}

/**
 * The actions agents declare (`capabilities`, API.md §13), one catalog per agent socket, kept in
 * the database so every instance can answer `GET /servers/{id}/actions` and route a job to the
 * agent wherever it is connected. A catalog goes with its socket's presence row (ON DELETE
 * CASCADE), so a gone agent's actions are never offered.
 */
@Injectable()
export class JobCatalog {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores (or replaces) the catalog of an authenticated agent socket. */
  async declare(
    socketId: string,
    agent: { keyId: string; serverId: string },
    actions: ActionDefinition[],
  ): Promise<void> {
    try {
      await this.db.query(
        `INSERT INTO agent_catalogs (socket_id, server_id, api_key_id, actions)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (socket_id) DO UPDATE SET actions = excluded.actions, received_at = now()`,
        [socketId, agent.serverId, agent.keyId, JSON.stringify(actions)],
      );
    } catch (error) {
      // The socket's presence row is gone: it disconnected meanwhile, nothing to offer.
      if (!isForeignKeyViolation(error)) throw error;
    }
  }

  /**
   * The actions of the server's connected agents; when several declare one name, the most
   * recently connected agent's definition is the one shown (and the one that runs it).
   */
  async actionsOf(serverId: string): Promise<ActionDefinition[]> {
    const rows: { action: ActionDefinition }[] = await this.db.query(
      `SELECT DISTINCT ON (a.value->>'name') a.value AS action
         FROM agent_catalogs k
         JOIN agent_connections c ON c.socket_id = k.socket_id
         CROSS JOIN LATERAL jsonb_array_elements(k.actions) AS a(value)
        WHERE k.server_id = $1 AND ${liveSocketSql('k.socket_id')}
        ORDER BY a.value->>'name', c.connected_at DESC`,
      [serverId],
    );
    return rows.map((row) => row.action);
  }

  /** The connected agent of the server that declares `action` (the most recently connected one). */
  async agentFor(serverId: string, action: string): Promise<ChosenAgent | null> {
    const [row]: { socket_id: string; api_key_id: string; action: ActionDefinition }[] =
      await this.db.query(
        `SELECT k.socket_id, k.api_key_id, a.value AS action
           FROM agent_catalogs k
           JOIN agent_connections c ON c.socket_id = k.socket_id
           CROSS JOIN LATERAL jsonb_array_elements(k.actions) AS a(value)
          WHERE k.server_id = $1 AND a.value->>'name' = $2 AND ${liveSocketSql('k.socket_id')}
          ORDER BY c.connected_at DESC LIMIT 1`,
        [serverId, action],
      );
    return row ? { socketId: row.socket_id, keyId: row.api_key_id, action: row.action } : null;
  }
}

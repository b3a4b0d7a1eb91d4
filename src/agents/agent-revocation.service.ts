import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { API_KEY_REVOKED, type ApiKeyRevokedEvent } from '../api-keys/api-key.events.js';
import { AppConfig } from '../config/app-config.js';
import { SERVER_DELETED, type ServerDeletedEvent } from '../servers/server.events.js';
import { type AgentNamespace, keyRoom, refuseRoom, serverRoom } from './agent-socket.js';
import { AgentSessionsService } from './agent-sessions.service.js';

/** Instance-to-instance message (Socket.IO serverSideEmit): "key K stops working at time T". */
const KEY_ENDS_AT = 'agents:key-ends-at';

/**
 * Applies revocations (API key revoked or rotated out, server deleted) to connected agents on every
 * instance. An immediate one is a room-wide `auth_error` + disconnect, which the adapter relays to
 * all instances. A rotation's grace period ends later: every instance is told when, and checks its
 * own sockets of that key then — so the cut happens even if the instance that rotated the key has
 * gone by that time. Sockets that connect during the grace period get the same deadline from the
 * key itself (AgentSessionsService.recheck).
 */
@Injectable()
export class AgentRevocationService {
  private namespace?: AgentNamespace;

  constructor(
    private readonly sessions: AgentSessionsService,
    private readonly config: AppConfig,
  ) {}

  bind(namespace: AgentNamespace): void {
    this.namespace = namespace;
    namespace.on(KEY_ENDS_AT, (keyId: unknown, at: unknown) => {
      if (typeof keyId === 'string' && typeof at === 'number')
        this.sessions.recheckKeyAt(keyId, at);
    });
  }

  @OnEvent(API_KEY_REVOKED)
  onKeyRevoked(event: ApiKeyRevokedEvent): void {
    if (!this.namespace) return;
    const at = new Date(event.effectiveAt).getTime();
    if (at <= Date.now())
      return refuseRoom(this.namespace, keyRoom(event.keyId), 'API key revoked');
    this.sessions.recheckKeyAt(event.keyId, at);
    // serverSideEmit needs a cluster adapter; a single instance has just handled it above.
    if (this.config.redisUrl) this.namespace.serverSideEmit(KEY_ENDS_AT, event.keyId, at);
  }

  @OnEvent(SERVER_DELETED)
  onServerDeleted(event: ServerDeletedEvent): void {
    if (this.namespace) refuseRoom(this.namespace, serverRoom(event.serverId), 'API key revoked');
  }
}

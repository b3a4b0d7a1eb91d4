/**
 * The contract between the ApiKeys/Servers modules and the agents gateway. The HTTP side emits
 * these through @nestjs/event-emitter (EventEmitter2) after its transaction commits; the gateway
 * listens and disconnects sockets. Neither side knows the other's internals.
 */

/** A key stops being valid at `effectiveAt` (now for revoke; now + grace for rotate). */
export const API_KEY_REVOKED = 'api-key.revoked';
export interface ApiKeyRevokedEvent {
  keyId: string;
  serverId: string;
  effectiveAt: Date;
  reason: 'revoked' | 'rotated';
}

/** A server and all its keys are gone. */
export const SERVER_DELETED = 'server.deleted';
export interface ServerDeletedEvent {
  serverId: string;
  ownerId: string;
  keyIds: string[];
}

/** What the gateway learns from a presented key (ApiKeyVerifier.verify). */
export type ApiKeyVerification =
  | {
      ok: true;
      keyId: string;
      serverId: string;
      ownerId: string;
      /** When the key stops working by itself (expiry or a scheduled rotation), if ever. */
      validUntil: Date | null;
    }
  | { ok: false; reason: 'invalid' | 'revoked' | 'expired' };

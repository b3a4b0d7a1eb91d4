/**
 * The contract between the api-keys module and the agents gateway. The HTTP side emits these
 * through @nestjs/event-emitter (EventEmitter2) after its transaction commits; the gateway listens
 * and disconnects sockets. Neither side knows the other's internals. (A server's deletion is the
 * servers module's event: servers/server.events.ts.)
 */

/** A key stops being valid at `effectiveAt` (now for revoke; now + grace for rotate). */
export const API_KEY_REVOKED = 'api-key.revoked';
export interface ApiKeyRevokedEvent {
  keyId: string;
  serverId: string;
  effectiveAt: Date;
  reason: 'revoked' | 'rotated';
}

/** The keys that were deleted with their server (after the deletion is committed). */
export const SERVER_KEYS_DELETED = 'api-key.server-keys-deleted';
export interface ServerKeysDeletedEvent {
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

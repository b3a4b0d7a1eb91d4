export type ApiKeyStatus = 'active' | 'revoked' | 'expired';

interface KeyTimes {
  revokedAt: Date | null;
  expiresAt: Date | null;
}

/**
 * A key's state at `now`. A revocation time still in the future is a rotation's grace period: the
 * key is active until then. Revoked wins over expired (it was a deliberate act).
 */
export function apiKeyStatus(key: KeyTimes, now = new Date()): ApiKeyStatus {
  if (key.revokedAt && key.revokedAt <= now) return 'revoked';
  if (key.expiresAt && key.expiresAt <= now) return 'expired';
  return 'active';
}

/** When an active key stops working by itself: the earlier of a scheduled revocation and expiry. */
export function apiKeyValidUntil(key: KeyTimes): Date | null {
  const times = [key.revokedAt, key.expiresAt].filter((t): t is Date => t !== null);
  return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null;
}

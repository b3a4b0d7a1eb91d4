import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/** Refresh tokens are stored only as this digest (they are long random JWTs: no salt needed). */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function envelopeKey(refreshToken: string, sessionId: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', refreshToken, sessionId, 'chatops refresh retry envelope', 32),
  );
}

/**
 * Seals a rotation's answer under a key only the holder of the presented refresh token can derive.
 * A client retrying that refresh within the leeway can open it and gets the very same answer; the
 * database alone opens nothing.
 */
export function sealEnvelope(payload: object, refreshToken: string, sessionId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', envelopeKey(refreshToken, sessionId), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Opens a sealed envelope, or returns undefined when the token does not fit (tampered or other). */
export function openEnvelope<T>(
  sealed: string,
  refreshToken: string,
  sessionId: string,
): T | undefined {
  try {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      envelopeKey(refreshToken, sessionId),
      raw.subarray(0, 12),
    );
    decipher.setAuthTag(raw.subarray(12, 28));
    const body = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

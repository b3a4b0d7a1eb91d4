import { generate } from 'otplib';
import { API, type HttpAnswer } from './http.js';
import type { TestApp } from './test-app.js';
import type { RegisteredUser } from './users.js';

/**
 * A TOTP code as an authenticator app computes it (otplib), `steps` 30-second steps from now:
 * each code is accepted once, so a test that needs a second one takes the next step's.
 */
export function totpCode(secret: string, steps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * steps });
}

/** Sets up and confirms an authenticator app through the API; its secret and recovery codes. */
export async function enrolTotp(
  api: TestApp,
  user: RegisteredUser,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await api.request(
    'POST',
    `${API}/auth/mfa/totp`,
    { password: user.password },
    { token: user.accessToken },
  );
  if (started.status !== 200) throw new Error(`totp setup: ${started.status} ${started.text}`);
  const secret = started.body.secret as string;
  const confirmed = await api.request(
    'POST',
    `${API}/auth/mfa/totp/confirm`,
    { code: await totpCode(secret) },
    { token: user.accessToken },
  );
  if (confirmed.status !== 200)
    throw new Error(`totp confirm: ${confirmed.status} ${confirmed.text}`);
  return { secret, recoveryCodes: confirmed.body.recovery_codes };
}

/** The password step of a second-factor user: the 401 answer's mfa_token (anything else throws). */
export async function passwordStep(
  api: TestApp,
  user: { username: string; password: string },
  path: 'login' | 'token' = 'login',
): Promise<{ mfaToken: string; methods: string[]; answer: HttpAnswer }> {
  const answer = await api.request(
    'POST',
    `${API}/auth/${path}`,
    { username: user.username, password: user.password },
    { form: true },
  );
  if (answer.status !== 401 || answer.body?.detail !== 'Second factor required') {
    throw new Error(`expected a second-factor challenge: ${answer.status} ${answer.text}`);
  }
  return { mfaToken: answer.body.mfa_token, methods: answer.body.methods, answer };
}

export function mfaVerify(
  api: TestApp,
  body: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<HttpAnswer> {
  return api.request('POST', `${API}/auth/mfa/verify`, body, { headers });
}

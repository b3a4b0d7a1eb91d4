import { startAuthentication } from '@simplewebauthn/browser';
import { api, ApiProblem, type Schemas, toProblem, type User } from './api/client';

/**
 * Who is signed in. The access token lives in this module's memory only; the refresh token is an
 * httpOnly cookie (`X-Refresh-Cookie: 1` on the auth routes), which script cannot read. A reload
 * signs in again through POST /auth/refresh with that cookie. Nothing is written to web storage.
 */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; notice?: string }
  | { status: 'signed-in'; user: User };

const COOKIE_MODE = { 'X-Refresh-Cookie': '1' } as const;

let state: SessionState = { status: 'loading' };
let accessToken: string | undefined;
let expiresAt = 0;
/** How long before expiry a call renews the token first: 30 s, or a quarter of a short lifetime. */
let renewAhead = 30_000;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | undefined;
const listeners = new Set<() => void>();

export const getSession = () => state;
export const currentAccessToken = () => accessToken;

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setState(next: SessionState): void {
  state = next;
  for (const listener of [...listeners]) listener();
}

api.use({
  onRequest({ request }) {
    if (accessToken && !request.headers.has('Authorization')) {
      request.headers.set('Authorization', `Bearer ${accessToken}`);
    }
    return request;
  },
});

function accept(tokens: { access_token: string; expires_in: number }): void {
  accessToken = tokens.access_token;
  expiresAt = Date.now() + tokens.expires_in * 1000;
  renewAhead = Math.min(30_000, (tokens.expires_in * 1000) / 4);
  clearTimeout(refreshTimer);
  // Renew a minute before expiry (half-way for short lifetimes), so the live view's socket always
  // has a valid token to reconnect with.
  const lead = Math.min(60, tokens.expires_in / 2);
  const delay = Math.max(1000, (tokens.expires_in - lead) * 1000);
  refreshTimer = setTimeout(() => void refresh(), Math.min(delay, 2 ** 31 - 1));
}

function forget(notice?: string): void {
  accessToken = undefined;
  expiresAt = 0;
  clearTimeout(refreshTimer);
  setState({ status: 'signed-out', notice });
}

/** One refresh at a time; true when a new access token is in hand. */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const { data, response } = await api.POST('/api/v1/auth/refresh', {
        params: { header: COOKIE_MODE },
        body: {},
      });
      if (data) {
        accept(data);
        return true;
      }
      if (response.status === 401 && state.status !== 'signed-out') {
        forget(
          state.status === 'signed-in'
            ? 'Your session has ended. Please sign in again.'
            : undefined,
        );
      }
      return false;
    } catch {
      return false;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

interface Result<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * Runs an authenticated call: refreshes a token about to expire first, and once more on a 401 (the
 * token expired in between). Answers the data, or throws an ApiProblem with words to show.
 */
export async function authed<D>(run: () => Promise<Result<D>>): Promise<D> {
  if (!accessToken || Date.now() > expiresAt - renewAhead) await refresh();
  let result = await run().catch(() => undefined);
  if (result && tokenRefused(result) && (await refresh())) {
    result = await run().catch(() => undefined);
  }
  if (!result) throw toProblem(undefined, undefined);
  if (!result.response.ok) {
    if (tokenRefused(result)) forget('Your session has ended. Please sign in again.');
    throw toProblem(result.response, result.error);
  }
  return result.data as D;
}

/**
 * A 401 about the access token itself — not one about a password the user typed (a wrong
 * current password is a 401 "Invalid current password", and must not sign anyone out).
 */
function tokenRefused(result: Result<unknown>): boolean {
  return (
    result.response.status === 401 &&
    (result.error as { detail?: unknown } | undefined)?.detail === 'Not authenticated'
  );
}

async function loadUser(): Promise<void> {
  const user = await authed(() => api.GET('/api/v1/users/me'));
  setState({ status: 'signed-in', user });
}

/** At page load: a refresh cookie from an earlier visit signs the user in again. */
export async function restoreSession(): Promise<void> {
  // The API sets this script-readable hint (no secret in it) beside the httpOnly refresh cookie.
  const hinted = document.cookie.split('; ').includes('chatops_session=1');
  if (!hinted || !(await refresh())) {
    if (state.status === 'loading') setState({ status: 'signed-out' });
    return;
  }
  try {
    await loadUser();
  } catch {
    forget();
  }
}

/** A right password for an account with a second factor: what the second step needs. */
export interface SecondFactorStep {
  mfaToken: string;
  methods: string[];
}

/** Signs in, or answers the second step when the account has a second factor (API.md §11). */
export async function signIn(
  username: string,
  password: string,
): Promise<SecondFactorStep | undefined> {
  const { data, error, response } = await api
    .POST('/api/v1/auth/login', { params: { header: COOKIE_MODE }, body: { username, password } })
    .catch(() => ({ data: undefined, error: undefined, response: undefined }));
  if (!data) {
    const challenge = error as Partial<Schemas['SecondFactorRequiredDto']> | undefined;
    if (response?.status === 401 && challenge?.mfa_token && challenge.methods) {
      return { mfaToken: challenge.mfa_token, methods: challenge.methods };
    }
    throw toProblem(response, error);
  }
  accept(data);
  await loadUser();
  return undefined;
}

/** The browser's passkey prompt; a cancelled or failed prompt is a problem in words. */
export async function passkeyPrompt<T>(prompt: () => Promise<T>): Promise<T> {
  try {
    return await prompt();
  } catch (error) {
    if (error instanceof ApiProblem) throw error;
    throw new ApiProblem(0, 'The passkey prompt was cancelled or did not work. Please try again.');
  }
}

/** The second step: the mfa_token and one factor (a code, a recovery code, or a passkey). */
export async function completeSignIn(
  mfaToken: string,
  factor: { code: string } | { recovery_code: string } | { passkey: true },
): Promise<void> {
  let body: Record<string, unknown> = { mfa_token: mfaToken, ...factor };
  if ('passkey' in factor) {
    const options = await api
      .POST('/api/v1/auth/mfa/passkey/options', { body: { mfa_token: mfaToken } })
      .catch(() => ({ data: undefined, error: undefined, response: undefined }));
    if (!options.data) throw toProblem(options.response, options.error);
    const optionsJSON = options.data as never;
    body = {
      mfa_token: mfaToken,
      passkey: await passkeyPrompt(() => startAuthentication({ optionsJSON })),
    };
  }
  const { data, error, response } = await api
    .POST('/api/v1/auth/mfa/verify', { params: { header: COOKIE_MODE }, body: body as never })
    .catch(() => ({ data: undefined, error: undefined, response: undefined }));
  if (!data) throw toProblem(response, error);
  accept(data);
  await loadUser();
}

/** Signs in with a passkey alone: the browser offers the passkeys it holds for this site. */
export async function signInWithPasskey(): Promise<void> {
  const options = await api
    .POST('/api/v1/auth/passkeys/login/options')
    .catch(() => ({ data: undefined, error: undefined, response: undefined }));
  if (!options.data) throw toProblem(options.response, options.error);
  const optionsJSON = options.data as never;
  const response = await passkeyPrompt(() => startAuthentication({ optionsJSON }));
  const answer = await api
    .POST('/api/v1/auth/passkeys/login/verify', {
      params: { header: COOKIE_MODE },
      body: { response: response as never },
    })
    .catch(() => ({ data: undefined, error: undefined, response: undefined }));
  if (!answer.data) throw toProblem(answer.response, answer.error);
  accept(answer.data);
  await loadUser();
}

export async function signUp(body: {
  email: string;
  username: string;
  password: string;
  password_confirm: string;
  full_name?: string;
}): Promise<boolean> {
  const { data, error, response } = await api
    .POST('/api/v1/auth/register', { params: { header: COOKIE_MODE }, body })
    .catch(() => ({ data: undefined, error: undefined, response: undefined }));
  if (!data) throw toProblem(response, error);
  // EMAIL_VERIFICATION=required: the account exists, but no session until the address is proven.
  if (!data.access_token) {
    setState({
      status: 'signed-out',
      notice: `Account created. We sent a link to ${data.email}: open it to verify your address, then sign in.`,
    });
    return false;
  }
  accept(data);
  setState({ status: 'signed-in', user: data.user });
  return true;
}

/** Reads the signed-in user again (after a change made elsewhere, such as a verification link). */
export async function reloadUser(): Promise<void> {
  await loadUser();
}

/** The account is gone (deleted by its owner): nothing to sign out of on the server. */
export function accountDeleted(): void {
  forget('Your account was deleted.');
}

/** The user's own changes (profile) shown everywhere at once. */
export function updateUser(user: User): void {
  if (state.status === 'signed-in') setState({ status: 'signed-in', user });
}

/** Ends this session (or every session) on the server, clears the cookie, forgets the token. */
export async function signOut(everywhere = false): Promise<void> {
  try {
    await authed(() =>
      everywhere
        ? api.POST('/api/v1/auth/logout-all', { params: { header: COOKIE_MODE } })
        : api.POST('/api/v1/auth/logout', { params: { header: COOKIE_MODE }, body: {} }),
    );
  } catch (error) {
    // Signing out everywhere must not pretend to have worked.
    if (everywhere && !(error instanceof ApiProblem && error.status === 401)) throw error;
  }
  forget(everywhere ? 'You were signed out on every device.' : 'You are signed out.');
}

/** Sessions end elsewhere too (password change): the server may end this one. */
export function sessionEnded(): void {
  forget('Your session has ended. Please sign in again.');
}

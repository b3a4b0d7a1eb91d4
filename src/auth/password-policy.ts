import { createRequire } from 'node:module';
import type { PasswordPolicyMode } from '../config/app-config.js';

/** bcrypt only reads the first 72 bytes: longer passwords are refused, never silently truncated. */
export const PASSWORD_MAX_BYTES = 72;
export const PASSWORD_MIN_LENGTH = 8;

/**
 * ~49k passwords most often found in breaches, from the zxcvbn-ts project's curated list. Read with
 * the first password checked (registration, a change, a reset), not at start-up: decompressed and
 * indexed it is ~4 MiB of heap, which an instance that only serves tokens and agents never needs.
 */
let commonPasswords: ReadonlySet<string> | undefined;
function breachList(): ReadonlySet<string> {
  if (!commonPasswords) {
    const { dictionary } = createRequire(import.meta.url)(
      '@zxcvbn-ts/language-common',
    ) as typeof import('@zxcvbn-ts/language-common');
    commonPasswords = new Set(
      (dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()),
    );
  }
  return commonPasswords;
}

export interface PasswordContext {
  username?: string;
  email?: string;
}

export interface PasswordViolation {
  type: string;
  msg: string;
}

/**
 * Checks a password against the policy and returns every rule it breaks (empty = acceptable).
 * `strict` is the W.W.H.D. rule set; `length` is NIST 800-63B style: length and breach list only.
 */
export function checkPassword(
  password: string,
  context: PasswordContext,
  mode: PasswordPolicyMode,
): PasswordViolation[] {
  const violations: PasswordViolation[] = [];
  const bytes = Buffer.byteLength(password, 'utf8');
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    violations.push({
      type: 'string_too_short',
      msg: `String should have at least ${PASSWORD_MIN_LENGTH} characters`,
    });
  }
  if (bytes > PASSWORD_MAX_BYTES) {
    violations.push({
      type: 'string_too_long',
      msg: `String should have at most ${PASSWORD_MAX_BYTES} bytes`,
    });
  }
  if (mode === 'strict') {
    if (!/\p{Lu}/u.test(password))
      violations.push(rule('Password must contain at least one uppercase letter'));
    if (!/\p{Ll}/u.test(password))
      violations.push(rule('Password must contain at least one lowercase letter'));
    if (!/\p{Nd}/u.test(password))
      violations.push(rule('Password must contain at least one number'));
    if (!/[^\p{L}\p{N}\s]/u.test(password))
      violations.push(rule('Password must contain at least one special character'));
    const lowered = password.toLowerCase();
    const username = context.username?.trim().toLowerCase();
    const localPart = context.email?.trim().toLowerCase().split('@')[0];
    if (
      (username && username.length >= 3 && lowered.includes(username)) ||
      (localPart && localPart.length >= 3 && lowered.includes(localPart))
    ) {
      violations.push(rule('Password must not contain the username or email'));
    }
  }
  if (isCommonPassword(password)) violations.push(rule('Password is too common'));
  return violations;
}

function rule(msg: string): PasswordViolation {
  return { type: 'value_error', msg };
}

/**
 * A password is "common" when it, or it with the decorations people add to pass composition rules
 * stripped (a capital, trailing digits and symbols: "Password123!"), is on the breach list.
 */
export function isCommonPassword(password: string): boolean {
  const lowered = password.toLowerCase();
  const common = breachList();
  if (common.has(lowered)) return true;
  const core = lowered.replace(/[\d\W_]+$/u, '');
  return (
    core.length >= 4 && core !== lowered && common.has(core) && core.length >= lowered.length - 4
  );
}

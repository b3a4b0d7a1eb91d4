import { AppConfig } from '../../config/app-config.js';

/**
 * A console link carrying a token: always from PUBLIC_URL (never the request's Host header), the
 * token in the fragment so that it reaches no server log and no Referer.
 */
export function accountLink(
  config: AppConfig,
  page: 'verify-email' | 'reset-password' | 'confirm-email',
  token: string,
): string {
  return `${config.publicUrl}/${page}#token=${token}`;
}

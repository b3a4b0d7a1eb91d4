/**
 * The mails the product sends (API.md §10): short, plain text plus simple HTML, each with the
 * product name, what happened, the link and its lifetime where there is one, and what to do if it
 * was not the reader.
 */
export type MailKind =
  | 'verify_email'
  | 'password_reset'
  | 'password_changed'
  | 'email_change'
  | 'email_change_notice'
  | 'email_changed'
  | 'account_deleted';

export interface ComposedMail {
  kind: MailKind;
  subject: string;
  text: string;
  html: string;
  /** The one link of the mail, if any (it carries a secret: never logged in production). */
  link?: string;
}

const PRODUCT = 'ChatOps';

const NOT_YOU_LINK =
  'If this wasn\u2019t you, you can ignore this mail: nothing changes unless the link is opened.';
const NOT_YOU_NOTICE =
  'If this wasn\u2019t you, reset your password at once from the sign-in page ("Forgot password?") and tell your administrator.';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "24 hours", "30 minutes". */
export function describeLifetime(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    // "24 hours" reads better than "1 day": days from two of them on.
    if (seconds % size === 0 && seconds >= (size === 86_400 ? 2 * size : size)) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}

function compose(
  kind: MailKind,
  subject: string,
  lines: string[],
  action?: { label: string; link: string; lifetime: number },
  notYou = NOT_YOU_NOTICE,
): ComposedMail {
  const text = [
    ...lines,
    ...(action
      ? [
          '',
          `${action.label}:`,
          action.link,
          '',
          `This link works once, for ${describeLifetime(action.lifetime)}.`,
        ]
      : []),
    '',
    notYou,
    '',
    `\u2014 ${PRODUCT}`,
  ].join('\n');
  const html = [
    `<div style="font-family:sans-serif;max-width:32em">`,
    `<h2>${PRODUCT}</h2>`,
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...(action
      ? [
          `<p><a href="${escapeHtml(action.link)}">${escapeHtml(action.label)}</a></p>`,
          `<p>This link works once, for ${describeLifetime(action.lifetime)}.</p>`,
        ]
      : []),
    `<p style="color:#666">${escapeHtml(notYou)}</p>`,
    `</div>`,
  ].join('\n');
  return { kind, subject: `${PRODUCT}: ${subject}`, text, html, link: action?.link };
}

export const Mails = {
  verifyEmail: (link: string, lifetime: number) =>
    compose(
      'verify_email',
      'verify your email address',
      ['Please confirm that this address belongs to your account.'],
      { label: 'Verify your email', link, lifetime },
      NOT_YOU_LINK,
    ),
  passwordReset: (link: string, lifetime: number) =>
    compose(
      'password_reset',
      'reset your password',
      ['Someone (hopefully you) asked to reset the password of the account with this address.'],
      { label: 'Choose a new password', link, lifetime },
      'If this wasn\u2019t you, ignore this mail: your password stays as it is.',
    ),
  passwordChanged: () =>
    compose('password_changed', 'your password was changed', [
      'The password of your account was just reset. Every session was signed out.',
    ]),
  emailChange: (link: string, lifetime: number) =>
    compose(
      'email_change',
      'confirm your new email address',
      ['Confirm that your account should use this address from now on.'],
      { label: 'Confirm this address', link, lifetime },
      NOT_YOU_LINK,
    ),
  emailChangeNotice: (maskedNewAddress: string) =>
    compose('email_change_notice', 'an email change was requested', [
      `Someone signed in to your account asked to change its address to ${maskedNewAddress}.`,
      'The change takes effect only when the new address confirms it.',
    ]),
  emailChanged: (maskedNewAddress: string) =>
    compose('email_changed', 'your email address was changed', [
      `Your account now uses ${maskedNewAddress}; this address no longer receives its mail.`,
    ]),
  accountDeleted: () =>
    compose('account_deleted', 'your account was deleted', [
      'Your account, its sessions and its servers were deleted.',
    ]),
};

/** "jo***@ex***.com": enough for the owner to recognise, too little to harvest. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  const keep = (part: string) => `${part.slice(0, Math.min(2, Math.max(1, part.length - 1)))}***`;
  return `${keep(local)}@${keep(host)}${tld}`;
}

import { describe, expect, it } from '@jest/globals';
import { describeLifetime, Mails, maskAddress } from './mail-templates.js';

describe('maskAddress', () => {
  it('keeps two characters of the local part and of the domain name, and the top-level domain', () => {
    expect(maskAddress('newname@example.org')).toBe('ne***@ex***.org');
  });

  it('never shows a short part whole', () => {
    expect(maskAddress('ab@cd.io')).toBe('a***@c***.io');
    expect(maskAddress('a@b.io')).toBe('a***@b***.io');
  });
});

describe('describeLifetime', () => {
  it('says hours up to two days, then days; minutes below an hour', () => {
    expect(describeLifetime(1800)).toBe('30 minutes');
    expect(describeLifetime(86_400)).toBe('24 hours');
    expect(describeLifetime(3 * 86_400)).toBe('3 days');
    expect(describeLifetime(60)).toBe('1 minute');
    expect(describeLifetime(90)).toBe('90 seconds');
  });
});

describe('Mails', () => {
  it('a link mail names the product, what happened, the link, its lifetime and what to do if it was not you', () => {
    const mail = Mails.passwordReset('https://c.example/reset-password#token=abc', 1800);
    expect(mail.subject).toBe('ChatOps: reset your password');
    expect(mail.text).toContain('https://c.example/reset-password#token=abc');
    expect(mail.text).toContain('30 minutes');
    expect(mail.text).toMatch(/If this wasn.t you/);
    expect(mail.link).toBe('https://c.example/reset-password#token=abc');
    expect(mail.html).toContain('href="https://c.example/reset-password#token=abc"');
  });

  it('escapes what it puts in HTML', () => {
    const mail = Mails.emailChangeNotice('<b>x</b>@ex***.org');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('&#60;b&#62;');
  });

  it('notices carry no link', () => {
    for (const mail of [
      Mails.passwordChanged(),
      Mails.accountDeleted(),
      Mails.emailChanged('a***@b***.c'),
    ]) {
      expect(mail.link).toBeUndefined();
      expect(mail.text).not.toMatch(/https?:\/\//);
    }
  });
});

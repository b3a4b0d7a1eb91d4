import { Injectable } from '@nestjs/common';
import { unprocessable } from '../common/problem.js';
import { AppConfig } from '../config/app-config.js';
import { checkPassword, type PasswordContext } from './password-policy.js';

/** Applies the configured password policy and answers violations as API.md's 422 list. */
@Injectable()
export class PasswordRules {
  constructor(private readonly config: AppConfig) {}

  assertAcceptable(password: string, context: PasswordContext, field = 'password'): void {
    const violations = checkPassword(password, context, this.config.passwordPolicy);
    // One item per field (API.md §1): every broken rule is named in its message.
    if (violations.length) {
      throw unprocessable([
        {
          type: violations[0].type,
          loc: ['body', field],
          msg: violations.map((v) => v.msg).join('; '),
        },
      ]);
    }
  }
}

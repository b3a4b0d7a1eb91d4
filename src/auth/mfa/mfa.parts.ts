import { FactorChecks } from './factor-checks.service.js';
import { MfaController, MfaLoginController } from './mfa.controller.js';
import { MfaPurgeService } from './mfa-purge.service.js';
import { PasskeyLoginController, PasskeysController } from './passkeys.controller.js';
import { PasskeysService } from './passkeys.service.js';
import { RecoveryCodesService } from './recovery-codes.service.js';
import { SecondFactorService } from './second-factor.service.js';
import { TotpService } from './totp.service.js';

export { MFA_ENTITIES } from './mfa.entities.js';

/**
 * Second factor and passkeys (API.md §11) live inside the auth module, whose sessions and
 * lock-out they use and whose password login they hook into (LocalStrategy); listed here so
 * auth.module.ts names them in one line each.
 */
export const MFA_CONTROLLERS = [
  MfaController,
  MfaLoginController,
  PasskeysController,
  PasskeyLoginController,
];
export const MFA_PROVIDERS = [
  FactorChecks,
  TotpService,
  RecoveryCodesService,
  PasskeysService,
  SecondFactorService,
  MfaPurgeService,
];

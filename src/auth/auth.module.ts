import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessRulesCheck } from '../common/access-rules.check.js';
import { AppConfig, type ResolvedConfig } from '../config/app-config.js';
import { MailModule } from '../mail/mail.module.js';
import { User } from '../users/user.entity.js';
import { AccessTokenAuthenticator } from './access-token.authenticator.js';
import { AdminAccountController } from './account/admin-account.controller.js';
import { AccountRecoveryController } from './account/account-recovery.controller.js';
import { AccountTokens } from './account/account-tokens.service.js';
import { AccountController } from './account/account.controller.js';
import { AccountDeletionService } from './account/account-deletion.service.js';
import { EmailChangeService } from './account/email-change.service.js';
import { EmailVerificationService } from './account/email-verification.service.js';
import { PasswordResetService } from './account/password-reset.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { MFA_CONTROLLERS, MFA_ENTITIES, MFA_PROVIDERS } from './mfa/mfa.parts.js';
import { PasswordController } from './password.controller.js';
import { PasswordHasher } from './password-hasher.service.js';
import { PasswordRules } from './password-rules.service.js';
import { Session } from './session.entity.js';
import { SessionRetentionService } from './session-retention.service.js';
import { SessionValidityCache } from './session-validity.cache.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsService } from './sessions.service.js';
import { JwtStrategy } from './strategies/jwt.strategy.js';
import { LocalStrategy } from './strategies/local.strategy.js';
import { JWT_ALGORITHM, jwtSigningKey, TokenService } from './token.service.js';
import { UserChangesListener } from './user-changes.listener.js';

/**
 * Credentials and sessions: register, login, tokens, refresh rotation, logout; the Passport
 * strategy behind `@Authenticated()` (common/access.ts), whose guard any module's controllers use
 * without importing this one; and the start-up check that every route has an access rule.
 */
@Module({
  imports: [
    PassportModule,
    DiscoveryModule,
    MailModule,
    TypeOrmModule.forFeature([User, Session, ...MFA_ENTITIES]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: ResolvedConfig) => ({
        secret: jwtSigningKey(config.jwtSecret),
        signOptions: { algorithm: JWT_ALGORITHM },
      }),
    }),
  ],
  controllers: [
    AuthController,
    SessionsController,
    PasswordController,
    AccountRecoveryController,
    AdminAccountController,
    AccountController,
    ...MFA_CONTROLLERS,
  ],
  providers: [
    AuthService,
    SessionsService,
    SessionValidityCache,
    SessionRetentionService,
    TokenService,
    AccessTokenAuthenticator,
    PasswordHasher,
    PasswordRules,
    LoginThrottleService,
    LocalStrategy,
    JwtStrategy,
    UserChangesListener,
    AccountTokens,
    PasswordResetService,
    EmailVerificationService,
    EmailChangeService,
    AccountDeletionService,
    ...MFA_PROVIDERS,
    AccessRulesCheck,
  ],
  exports: [AccessTokenAuthenticator],
})
export class AuthModule {}

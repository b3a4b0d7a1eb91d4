import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { User } from '../users/user.entity.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { AdminGuard } from './guards/admin.guard.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordHasher } from './password-hasher.service.js';
import { PasswordRules } from './password-rules.service.js';
import { Session } from './session.entity.js';
import { SessionRetentionService } from './session-retention.service.js';
import { SessionValidityCache } from './session-validity.cache.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsService } from './sessions.service.js';
import { JwtStrategy } from './strategies/jwt.strategy.js';
import { LocalStrategy } from './strategies/local.strategy.js';
import { jwtSigningKey, TokenService } from './token.service.js';

/**
 * Credentials and sessions: register, login, tokens, refresh rotation, logout. Exports what other
 * modules need to authenticate callers (guards via `@Authenticated()`) and to end sessions.
 */
@Module({
  imports: [
    PassportModule,
    TypeOrmModule.forFeature([User, Session]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: jwtSigningKey(config.jwtSecret!),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  controllers: [AuthController, SessionsController],
  providers: [
    AuthService,
    SessionsService,
    SessionValidityCache,
    SessionRetentionService,
    TokenService,
    PasswordHasher,
    PasswordRules,
    LoginThrottleService,
    LocalStrategy,
    JwtStrategy,
    JwtAuthGuard,
    AdminGuard,
  ],
  exports: [
    SessionsService,
    TokenService,
    PasswordHasher,
    PasswordRules,
    LoginThrottleService,
    JwtAuthGuard,
    AdminGuard,
  ],
})
export class AuthModule {}

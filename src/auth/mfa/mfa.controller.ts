import { Body, Controller, Delete, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Principal, Public } from '../../common/access.js';
import { ApiErrors } from '../../common/api-errors.decorator.js';
import { ClientInfo } from '../../common/client-info.decorator.js';
import { NoContent } from '../../common/no-content.decorator.js';
import { TokenPairDto } from '../dto/token.dto.js';
import { AuthRateLimitGuard } from '../guards/auth-rate-limit.guard.js';
import { RefreshTokenCookie } from '../refresh-cookie.js';
import type { ClientInfo as Client } from '../sessions.service.js';
import { sha256Hex } from '../token-crypto.js';
import type { TokenPair } from '../token.service.js';
import {
  MfaStatusDto,
  MfaTokenDto,
  MfaVerifyDto,
  PasswordProofDto,
  RecoveryCodesDto,
  SecondFactorRequiredDto,
  TotpCodeDto,
  TotpDisableDto,
  TotpSetupDto,
} from './dto/mfa.dto.js';
import { AuthenticationOptionsDto } from './dto/webauthn.dto.js';
import { PasskeysService } from './passkeys.service.js';
import { SecondFactorService } from './second-factor.service.js';
import { TotpService } from './totp.service.js';

/** The caller's authenticator app (TOTP) and recovery codes (API.md §11). */
@ApiTags('mfa')
@Authenticated()
@Controller('auth/mfa')
export class MfaController {
  constructor(
    private readonly totp: TotpService,
    private readonly secondFactor: SecondFactorService,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The caller's second factors",
    description: 'Whether the authenticator app is set up, recovery codes left, passkeys.',
  })
  @ApiOkResponse({ type: MfaStatusDto })
  status(@CurrentUser() caller: Principal): Promise<MfaStatusDto> {
    return this.secondFactor.status(caller.id);
  }

  @Post('totp')
  @HttpCode(200)
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({
    summary: 'Start setting up an authenticator app',
    description:
      'Needs the password. Answers a new secret (20 random bytes, base32) and its `otpauth://` URL (issuer ChatOps) — shown in this answer only, stored encrypted. Not active until POST /auth/mfa/totp/confirm; calling this again replaces a setup not yet confirmed. A wrong password is 401 and counts against the login lock-out.',
  })
  @ApiOkResponse({ type: TotpSetupDto })
  @ApiErrors(400, 409, 422, 429)
  begin(@CurrentUser() caller: Principal, @Body() body: PasswordProofDto): Promise<TotpSetupDto> {
    return this.totp.begin(caller, body.password);
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({
    summary: 'Turn the authenticator app on with its first code',
    description:
      'Answers 10 recovery codes, shown in this answer only (stored hashed, each usable once). From now on a sign-in with the password asks for a second factor. A wrong code is 400 `Invalid code` and counts against the second-factor lock-out.',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiErrors(400, 409, 422, 429)
  confirm(
    @CurrentUser() caller: Principal,
    @Body() body: TotpCodeDto,
    @ClientInfo() client: Client,
  ): Promise<RecoveryCodesDto> {
    return this.totp.confirm(caller, body.code, client);
  }

  @Delete('totp')
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({
    summary: 'Turn the authenticator app off',
    description:
      'Needs the password and a current code (or an unused recovery code). The recovery codes go with it. Passkeys stay.',
  })
  @NoContent()
  @ApiErrors(400, 409, 422, 429)
  async disable(
    @CurrentUser() caller: Principal,
    @Body() body: TotpDisableDto,
    @ClientInfo() client: Client,
  ): Promise<void> {
    await this.totp.disable(caller, body.password, body.code, client);
  }
}

/** The second step of a sign-in with a second factor: public, the mfa_token is the credential. */
@ApiTags('mfa')
@Public()
@UseGuards(AuthRateLimitGuard)
@ApiErrors(429)
@Controller('auth/mfa')
export class MfaLoginController {
  constructor(
    private readonly secondFactor: SecondFactorService,
    private readonly passkeys: PasskeysService,
  ) {}

  @Post('verify')
  @HttpCode(200)
  @RefreshTokenCookie('issue')
  @ApiOperation({
    summary: 'Complete a sign-in with the second factor',
    description:
      'After /auth/login or /auth/token answered 401 "Second factor required": the `mfa_token` from that answer and exactly one of `code` (authenticator app), `recovery_code`, `passkey` (an assertion for the options of POST /auth/mfa/passkey/options). Answers the usual tokens; the session records how it was established (`auth_method`). The mfa_token is single use and lasts 5 minutes; a wrong factor is 401 `Invalid code` (the token stays usable until it expires) and counts against a per-account lock-out that only a right second factor resets.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiResponse({
    status: 401,
    description:
      '`Invalid or expired mfa_token`, or `Invalid code` (a wrong or reused code, recovery code or passkey).',
  })
  @ApiErrors(400, 403, 422)
  verify(@Body() body: MfaVerifyDto, @ClientInfo() client: Client): Promise<TokenPair> {
    return this.secondFactor.verify(body, client);
  }

  @Post('passkey/options')
  @HttpCode(200)
  @ApiOperation({
    summary: 'WebAuthn options for a passkey as the second factor',
    description:
      'For the `mfa_token` of a "Second factor required" answer whose methods include `passkey`: options for navigator.credentials.get() (startAuthentication) listing that account\'s passkeys. Send the result as `passkey` to POST /auth/mfa/verify. The challenge is single use, 5 minutes.',
  })
  @ApiOkResponse({ type: AuthenticationOptionsDto })
  @ApiResponse({ status: 401, description: '`Invalid or expired mfa_token`' })
  @ApiErrors(400, 409, 422)
  async passkeyOptions(@Body() body: MfaTokenDto): Promise<AuthenticationOptionsDto> {
    const userId = await this.secondFactor.holderOf(body.mfa_token);
    return this.passkeys.secondFactorOptions(userId, sha256Hex(body.mfa_token));
  }
}

/** Documents the 401 the password routes answer to an account with a second factor. */
export const SECOND_FACTOR_RESPONSE = {
  status: 401,
  type: SecondFactorRequiredDto,
  description:
    '`Invalid username or password`; or, for an account with a second factor and the right password, `Second factor required` with an `mfa_token` and the `methods` to finish with (POST /auth/mfa/verify).',
};

import { Body, Controller, Delete, Get, HttpCode, Patch, Post, UseGuards } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Principal, Public } from '../../common/access.js';
import { ApiErrors } from '../../common/api-errors.decorator.js';
import { ClientInfo } from '../../common/client-info.decorator.js';
import { NoContent } from '../../common/no-content.decorator.js';
import { UuidParam } from '../../common/uuid-param.js';
import { TokenPairDto } from '../dto/token.dto.js';
import { AuthRateLimitGuard } from '../guards/auth-rate-limit.guard.js';
import { RefreshTokenCookie } from '../refresh-cookie.js';
import type { ClientInfo as Client } from '../sessions.service.js';
import type { TokenPair } from '../token.service.js';
import { PasswordProofDto } from './dto/mfa.dto.js';
import {
  PasskeyDeleteDto,
  PasskeyDto,
  PasskeyListDto,
  PasskeyLoginDto,
  PasskeyRegisterDto,
  PasskeyRenameDto,
} from './dto/passkey.dto.js';
import { AuthenticationOptionsDto, RegistrationOptionsDto } from './dto/webauthn.dto.js';
import { PasskeysService } from './passkeys.service.js';

/** The caller's passkeys (API.md §11). */
@ApiTags('passkeys')
@Authenticated()
@Controller('auth/passkeys')
export class PasskeysController {
  constructor(private readonly passkeys: PasskeysService) {}

  @Post('register/options')
  @HttpCode(200)
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({
    summary: 'Start adding a passkey',
    description:
      "Needs the password (401 and a lock-out count when wrong). Answers the options for navigator.credentials.create() (startRegistration in @simplewebauthn/browser): a discoverable credential for PUBLIC_URL's host, the caller's passkeys excluded. The challenge is single use and lasts 5 minutes.",
  })
  @ApiOkResponse({ type: RegistrationOptionsDto })
  @ApiErrors(400, 422, 429)
  registrationOptions(
    @CurrentUser() caller: Principal,
    @Body() body: PasswordProofDto,
  ): Promise<RegistrationOptionsDto> {
    return this.passkeys.registrationOptions(caller, body.password) as Promise<never>;
  }

  @Post('register/verify')
  @ApiOperation({
    summary: 'Finish adding a passkey',
    description:
      "The authenticator's answer to the registration options, and an optional name. 400 `Passkey registration failed` for an answer that does not check out (wrong origin or RP ID, unknown or used challenge).",
  })
  @ApiCreatedResponse({ type: PasskeyDto })
  @ApiErrors(400, 409, 422)
  register(
    @CurrentUser() caller: Principal,
    @Body() body: PasskeyRegisterDto,
    @ClientInfo() client: Client,
  ): Promise<PasskeyDto> {
    return this.passkeys.register(caller, body.response, body.name, client);
  }

  @Post('confirm/options')
  @HttpCode(200)
  @ApiOperation({
    summary: 'WebAuthn options to confirm with a passkey',
    description:
      "Options for navigator.credentials.get() listing the caller's passkeys, for proving the caller holds one (deleting the last second factor). Single use, 5 minutes.",
  })
  @ApiOkResponse({ type: AuthenticationOptionsDto })
  @ApiErrors(404)
  confirmOptions(@CurrentUser() caller: Principal): Promise<AuthenticationOptionsDto> {
    return this.passkeys.confirmOptions(caller.id) as Promise<never>;
  }

  @Get()
  @ApiOperation({ summary: "The caller's passkeys", description: 'Oldest first, with last use.' })
  @ApiOkResponse({ type: PasskeyListDto })
  async list(@CurrentUser() caller: Principal): Promise<PasskeyListDto> {
    return { items: await this.passkeys.list(caller.id) };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a passkey' })
  @ApiOkResponse({ type: PasskeyDto })
  @ApiErrors(400, 404, 422)
  rename(
    @CurrentUser() caller: Principal,
    @UuidParam('id') id: string,
    @Body() body: PasskeyRenameDto,
    @ClientInfo() client: Client,
  ): Promise<PasskeyDto> {
    return this.passkeys.rename(caller, id, body.name, client);
  }

  @Delete(':id')
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({
    summary: 'Delete a passkey',
    description:
      "Needs the password (401 and a lock-out count when wrong). When it is the account's last second factor (no authenticator app, no other passkey), also `passkey`: an assertion of this passkey for the options of POST /auth/passkeys/confirm/options — without it 403, with a wrong one 401 `Passkey not accepted`.",
  })
  @NoContent()
  @ApiErrors(400, 403, 404, 422, 429)
  async remove(
    @CurrentUser() caller: Principal,
    @UuidParam('id') id: string,
    @Body() body: PasskeyDeleteDto,
    @ClientInfo() client: Client,
  ): Promise<void> {
    await this.passkeys.remove(caller, id, body.password, body.passkey, client);
  }
}

/** Signing in with a passkey alone (a discoverable credential): no password. */
@ApiTags('passkeys')
@Public()
@UseGuards(AuthRateLimitGuard)
@ApiErrors(429)
@Controller('auth/passkeys/login')
export class PasskeyLoginController {
  constructor(private readonly passkeys: PasskeysService) {}

  @Post('options')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start a sign-in with a passkey',
    description:
      'Options for navigator.credentials.get() (startAuthentication) with no allowCredentials: the browser offers the passkeys it holds for this site. User verification is required. The challenge is single use and lasts 5 minutes.',
  })
  @ApiOkResponse({ type: AuthenticationOptionsDto })
  options(): Promise<AuthenticationOptionsDto> {
    return this.passkeys.loginOptions() as Promise<never>;
  }

  @Post('verify')
  @HttpCode(200)
  @RefreshTokenCookie('issue')
  @ApiOperation({
    summary: 'Finish a sign-in with a passkey',
    description:
      "The authenticator's answer → the usual tokens; the session's `auth_method` is `passkey`. 401 `Passkey not accepted` otherwise (unknown passkey, bad signature, a signature counter that did not move forward, an unknown or used challenge).",
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiResponse({ status: 401, description: '`Passkey not accepted`' })
  @ApiErrors(400, 403, 422)
  login(@Body() body: PasskeyLoginDto, @ClientInfo() client: Client): Promise<TokenPair> {
    return this.passkeys.login(body.response, client);
  }
}

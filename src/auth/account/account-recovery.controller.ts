import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/access.js';
import { ApiErrors } from '../../common/api-errors.decorator.js';
import { ClientInfo } from '../../common/client-info.decorator.js';
import { ErrorDto } from '../../common/error.dto.js';
import { NoContent } from '../../common/no-content.decorator.js';
import { AuthRateLimitGuard } from '../guards/auth-rate-limit.guard.js';
import type { ClientInfo as Client } from '../sessions.service.js';
import {
  AcceptedDto,
  AccountTokenDto,
  ConfirmPasswordResetDto,
  EmailAddressDto,
} from './account.dto.js';
import { EmailVerificationService, VERIFICATION_RESENT } from './email-verification.service.js';
import { INVALID_LINK } from './account-tokens.service.js';
import { PasswordResetService, RESET_REQUESTED } from './password-reset.service.js';

const InvalidLink = () =>
  ApiBadRequestResponse({
    type: ErrorDto,
    description: `Malformed body, or an unknown, used, voided or expired link: \`{"detail": "${INVALID_LINK}"}\``,
  });

/**
 * The public routes behind mailed links: password reset and email verification (API.md §10).
 * Rate limited per IP.
 */
@ApiTags('auth')
@Public()
@UseGuards(AuthRateLimitGuard)
@ApiErrors(429)
@Controller('auth')
export class AccountRecoveryController {
  constructor(
    private readonly resets: PasswordResetService,
    private readonly verification: EmailVerificationService,
  ) {}

  @Post('password-reset')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Mail a password reset link',
    description: `Always 202 with the same body, in the same time, whether the address is unknown, disabled or known: the lookup and the mail happen after the answer. A known, active account gets a link (\`PUBLIC_URL/reset-password#token=…\`, valid PASSWORD_RESET_TTL, single use, voiding older ones). At most one per address per minute and five per hour.`,
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiErrors(400, 422)
  requestReset(@Body() body: EmailAddressDto, @ClientInfo() client: Client): AcceptedDto {
    this.resets.requestInBackground(body.email, client);
    return { detail: RESET_REQUESTED };
  }

  @Post('password-reset/confirm')
  @NoContent('Password set; every session of the account has ended. Nobody is signed in.')
  @ApiOperation({
    summary: 'Set a new password from a reset link',
    description:
      'The password policy applies (422; the link stays usable). On success every session ends (refresh tokens refused at once, access tokens within 2 s on every instance), the lock-out count resets, the address counts as verified, and a notice is mailed. The caller is not signed in.',
  })
  @InvalidLink()
  @ApiErrors(422)
  async confirmReset(
    @Body() body: ConfirmPasswordResetDto,
    @ClientInfo() client: Client,
  ): Promise<void> {
    await this.resets.confirm(body.token, body.new_password, client);
  }

  @Post('verify-email')
  @NoContent('The address is verified.')
  @ApiOperation({
    summary: 'Verify an address with the link mailed to it',
    description:
      'The token from `PUBLIC_URL/verify-email#token=…` (valid EMAIL_TOKEN_TTL, single use). No sign-in needed.',
  })
  @InvalidLink()
  @ApiErrors(422)
  async verifyEmail(@Body() body: AccountTokenDto, @ClientInfo() client: Client): Promise<void> {
    await this.verification.verify(body.token, client);
  }

  @Post('verify-email/resend')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Mail a new verification link',
    description:
      'Always 202 with the same body, in the same time, whatever the address: an active account with this unverified address gets a new link (voiding older ones), at most one a minute and five an hour.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiErrors(400, 422)
  resendVerification(@Body() body: EmailAddressDto): AcceptedDto {
    this.verification.resendInBackground(body.email);
    return { detail: VERIFICATION_RESENT };
  }
}

import { Body, Controller, Delete, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Principal } from '../../common/access.js';
import { ApiErrors } from '../../common/api-errors.decorator.js';
import { ClientInfo } from '../../common/client-info.decorator.js';
import { ErrorDto } from '../../common/error.dto.js';
import { NoContent } from '../../common/no-content.decorator.js';
import { UserDto } from '../../users/user.dto.js';
import { AuthRateLimitGuard } from '../guards/auth-rate-limit.guard.js';
import type { ClientInfo as Client } from '../sessions.service.js';
import { AccountTokenDto, DeleteAccountDto } from './account.dto.js';
import { AccountDeletionService } from './account-deletion.service.js';
import { INVALID_LINK } from './account-tokens.service.js';
import { EmailChangeService } from './email-change.service.js';

/**
 * The caller's account lifecycle at its own address (API.md §10): confirming a new email, and
 * deleting the account. Credential operations, so they live here (as password change does).
 */
@ApiTags('users')
@Authenticated()
@UseGuards(AuthRateLimitGuard)
@ApiErrors(429)
@Controller('users/me')
export class AccountController {
  constructor(
    private readonly emailChange: EmailChangeService,
    private readonly deletion: AccountDeletionService,
  ) {}

  @Post('email/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm a new email with the link mailed to it',
    description:
      'The token from `PUBLIC_URL/confirm-email#token=…` (valid EMAIL_TOKEN_TTL, single use), presented by the account that asked for the change. The address is then the account\u2019s, verified; the old one gets a notice. 409 when another account took the address meanwhile.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({
    type: ErrorDto,
    description: `Malformed body, or an unknown, used, voided or expired link: \`{"detail": "${INVALID_LINK}"}\``,
  })
  @ApiErrors(409, 422)
  confirmEmail(
    @CurrentUser() caller: Principal,
    @Body() body: AccountTokenDto,
    @ClientInfo() client: Client,
  ): Promise<UserDto> {
    return this.emailChange.confirm(caller.id, body.token, client);
  }

  @Delete()
  @NoContent('The account is gone.')
  @ApiOperation({
    summary: "Delete the caller's account",
    description:
      'Needs `password` (a wrong one is 401 and counts against the login lock-out) and, with an authenticator app enabled, `code` (a current code or an unused recovery code; missing: 401 `Second factor required`, wrong: 401 `Invalid code`, counted against the second-factor lock-out). Every session ends, every server of the account is deleted (keys revoked, agents cut), the username and email are free again, and a notice is mailed. The last active admin cannot delete itself (409). The audit log keeps its events.',
  })
  @ApiErrors(400, 409, 422)
  async deleteSelf(
    @CurrentUser() caller: Principal,
    @Body() body: DeleteAccountDto,
    @ClientInfo() client: Client,
  ): Promise<void> {
    await this.deletion.deleteSelf(caller, body.password, client, body.code);
  }
}

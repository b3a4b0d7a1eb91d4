import { Controller, Delete, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Principal } from '../../common/access.js';
import { ApiErrors } from '../../common/api-errors.decorator.js';
import { ClientInfo } from '../../common/client-info.decorator.js';
import { UuidParam } from '../../common/uuid-param.js';
import { AuthRateLimitGuard } from '../guards/auth-rate-limit.guard.js';
import type { ClientInfo as Client } from '../sessions.service.js';
import { AcceptedDto } from './account.dto.js';
import { AccountDeletionService } from './account-deletion.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { NoContent } from '../../common/no-content.decorator.js';

export const ADMIN_RESET_SENT = 'A reset link is on its way';

/** What an admin does to another user's credentials (API.md §10). */
@ApiTags('users')
@Authenticated({ admin: true })
@UseGuards(AuthRateLimitGuard)
@ApiErrors(429)
@Controller('users')
export class AdminAccountController {
  constructor(
    private readonly resets: PasswordResetService,
    private readonly deletion: AccountDeletionService,
  ) {}

  @Delete(':id')
  @NoContent('The account is gone.')
  @ApiOperation({
    summary: 'Delete a user (admin)',
    description:
      'As DELETE /users/me for that user: sessions end, servers go with their keys (agents cut), username and email are free again, a notice is mailed. The last active admin cannot be deleted (409).',
  })
  @ApiErrors(404, 409, 422)
  async remove(
    @UuidParam('id') id: string,
    @CurrentUser() admin: Principal,
    @ClientInfo() client: Client,
  ): Promise<void> {
    await this.deletion.deleteByAdmin(id, admin, client);
  }

  @Post(':id/password-reset')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Mail a user a password reset link (admin)',
    description:
      'The same link as "Forgot password?", to the address of the account; the per-address limits apply (past them: the same 202, no mail). 409 for a disabled account.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiErrors(404, 409, 422)
  async sendReset(
    @UuidParam('id') id: string,
    @CurrentUser() admin: Principal,
    @ClientInfo() client: Client,
  ): Promise<AcceptedDto> {
    await this.resets.requestForUser(id, admin, client);
    return { detail: ADMIN_RESET_SENT };
  }
}

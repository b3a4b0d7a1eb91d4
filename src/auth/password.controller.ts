import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Principal } from '../common/access.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ClientInfo } from '../common/client-info.decorator.js';
import { NoContent } from '../common/no-content.decorator.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import type { ClientInfo as Client } from './sessions.service.js';
import { AuthRateLimitGuard } from './guards/auth-rate-limit.guard.js';

/**
 * The caller changes their own password: a credential operation, so it lives here, at the address
 * of the caller's account (and under its tag and operation id, which generated clients use).
 */
@ApiTags('users')
@Authenticated()
@Controller('users/me')
export class PasswordController {
  constructor(private readonly auth: AuthService) {}

  @Post('password')
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({
    operationId: 'profileChangePassword',
    summary: "Change the caller's password",
    description:
      'Ends every other session of the caller. A wrong `current_password` is 401 and counts against the same per-account lock-out as a failed login (LOGIN_FAILURE_LIMIT): past it, or while the account is locked out, 429 with `Retry-After`, whatever the password; a right one resets the count. Each call also counts against the per-IP limit of the credential routes (AUTH_RATE_LIMIT).',
  })
  @NoContent()
  @ApiErrors(400, 422, 429)
  async changePassword(
    @CurrentUser() caller: Principal,
    @Body() body: ChangePasswordDto,
    @ClientInfo() client: Client,
  ): Promise<void> {
    await this.auth.changePassword(caller.id, caller.sessionId, body, client);
  }
}

import { Body, Controller, Get, HttpCode, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { AuthRateLimitGuard } from '../auth/guards/auth-rate-limit.guard.js';
import type { SessionPrincipal } from '../auth/session-validity.cache.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { UpdateProfileDto } from './dto/update-profile.dto.js';
import { UserDto } from './user.dto.js';
import { UsersService } from './users.service.js';

/** The caller's own account. */
@ApiTags('users')
@Authenticated()
@Controller()
export class ProfileController {
  constructor(private readonly users: UsersService) {}

  @Get('users/me')
  @ApiOperation({ summary: 'The caller', description: 'Also at GET /auth/me.' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() caller: SessionPrincipal): Promise<UserDto> {
    return this.users.get(caller.id);
  }

  @Get('auth/me')
  @ApiOperation({ summary: 'The caller (W.W.H.D. path)', description: 'Same as GET /users/me.' })
  @ApiOkResponse({ type: UserDto })
  authMe(@CurrentUser() caller: SessionPrincipal): Promise<UserDto> {
    return this.me(caller);
  }

  @Patch('users/me')
  @ApiOperation({ summary: "Change the caller's name, email or username" })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, 409, 422)
  update(
    @CurrentUser() caller: SessionPrincipal,
    @Body() body: UpdateProfileDto,
  ): Promise<UserDto> {
    return this.users.updateProfile(caller.id, body);
  }

  @Post('users/me/password')
  @HttpCode(204)
  @UseGuards(AuthRateLimitGuard)
  @ApiOperation({
    summary: "Change the caller's password",
    description:
      'Ends every other session of the caller. A wrong `current_password` is 401 and counts against the same per-account lock-out as a failed login (LOGIN_FAILURE_LIMIT): past it, or while the account is locked out, 429 with `Retry-After`, whatever the password; a right one resets the count. Each call also counts against the per-IP limit of the credential routes (AUTH_RATE_LIMIT).',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 422, 429)
  async changePassword(
    @CurrentUser() caller: SessionPrincipal,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    await this.users.changePassword(caller.id, caller.sessionId, body);
  }
}

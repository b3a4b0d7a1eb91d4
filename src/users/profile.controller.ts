import { Body, Controller, Get, Patch, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentUser, type Principal } from '../common/access.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ClientInfo } from '../common/client-info.decorator.js';
import { UpdateProfileDto } from './dto/update-profile.dto.js';
import { ProfileUpdateDto, UserDto } from './user.dto.js';
import { UsersService } from './users.service.js';

/** The caller's own account. (Changing its password is a credential operation: auth/password.controller.ts.) */
@ApiTags('users')
@Authenticated()
@Controller()
export class ProfileController {
  constructor(private readonly users: UsersService) {}

  @Get('users/me')
  @ApiOperation({ summary: 'The caller', description: 'Also at GET /auth/me.' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() caller: Principal): Promise<UserDto> {
    return this.users.get(caller.id);
  }

  @Get('auth/me')
  @ApiOperation({ summary: 'The caller (W.W.H.D. path)', description: 'Same as GET /users/me.' })
  @ApiOkResponse({ type: UserDto })
  authMe(@CurrentUser() caller: Principal): Promise<UserDto> {
    return this.me(caller);
  }

  @Patch('users/me')
  @ApiOperation({
    summary: "Change the caller's name, email or username",
    description:
      'A new `email` needs `current_password` (a wrong one is 401 and counts against the login lock-out; past it 429) and takes effect only once the link mailed to it is used (POST /users/me/email/confirm): the answer is then 202 with `pending_email`, and the old address gets a notice. 409 when the address is taken.',
  })
  @ApiOkResponse({ type: UserDto, description: 'Changed (no new email).' })
  @ApiAcceptedResponse({ type: ProfileUpdateDto, description: 'A new email waits for its link.' })
  @ApiErrors(400, 409, 422, 429)
  async update(
    @CurrentUser() caller: Principal,
    @Body() body: UpdateProfileDto,
    @ClientInfo() client: { ip?: string; userAgent?: string },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProfileUpdateDto> {
    const answer = await this.users.updateProfile(caller.id, body, client);
    if (answer.pending_email !== undefined) reply.status(202);
    return answer;
  }
}

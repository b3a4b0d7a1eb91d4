import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Principal } from '../common/access.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ClientInfo } from '../common/client-info.decorator.js';
import { UpdateProfileDto } from './dto/update-profile.dto.js';
import { UserDto } from './user.dto.js';
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
  @ApiOperation({ summary: "Change the caller's name, email or username" })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, 409, 422)
  update(
    @CurrentUser() caller: Principal,
    @Body() body: UpdateProfileDto,
    @ClientInfo() client: { ip?: string; userAgent?: string },
  ): Promise<UserDto> {
    return this.users.updateProfile(caller.id, body, client);
  }
}

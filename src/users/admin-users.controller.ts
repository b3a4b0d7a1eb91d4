import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Principal } from '../common/access.js';
import { ClientInfo } from '../common/client-info.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { PageOf, type Page } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.js';
import { AdminUpdateUserDto, ListUsersQueryDto } from './dto/admin-users.dto.js';
import { UserDto } from './user.dto.js';
import { UsersService } from './users.service.js';

/** Admin-only user management. */
@ApiTags('users')
@Authenticated({ admin: true })
@Controller('users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users (admin)' })
  @ApiOkResponse({ type: PageOf(UserDto) })
  @ApiErrors(422)
  list(@Query() query: ListUsersQueryDto): Promise<Page<UserDto>> {
    return this.users.list(query);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Enable/disable a user or change the admin flag (admin)',
    description:
      "Disabling ends the user's sessions; their servers' agents stay connected. The last active admin cannot be demoted or disabled (409).",
  })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, 404, 409, 422)
  update(
    @CurrentUser() admin: Principal,
    @UuidParam('id') id: string,
    @Body() body: AdminUpdateUserDto,
    @ClientInfo() client: { ip?: string; userAgent?: string },
  ): Promise<UserDto> {
    return this.users.adminUpdate(id, body, admin, client);
  }
}

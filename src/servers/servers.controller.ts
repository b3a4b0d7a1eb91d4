import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_REQUIRED, Authenticated, CurrentUser, type Principal } from '../common/access.js';
import type { Acting } from '../audit/audit-event.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ClientInfo } from '../common/client-info.decorator.js';
import { NoContent } from '../common/no-content.decorator.js';
import { PageOf, type Page } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.js';
import { CreateServerDto } from './dto/create-server.dto.js';
import { ListServersQueryDto } from './dto/list-servers-query.dto.js';
import { UpdateServerDto } from './dto/update-server.dto.js';
import { ServerIdParam } from './server-id.param.js';
import { ServerDto } from './server.dto.js';
import { ServersService } from './servers.service.js';

/** The caller's servers. Another user's server answers 404 on every route, never 403. */
@ApiTags('servers')
@Authenticated()
@Controller('servers')
export class ServersController {
  constructor(private readonly servers: ServersService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a server',
    description:
      'Names are unique per owner, compared case-insensitively after trimming (409 "Server name already exists").',
  })
  @ApiCreatedResponse({
    type: ServerDto,
    description: 'The new server (offline until an agent connects).',
  })
  @ApiErrors(400, 409, 422)
  create(
    @CurrentUser() caller: Principal,
    @Body() body: CreateServerDto,
    @ClientInfo() client: Acting['origin'],
  ): Promise<ServerDto> {
    return this.servers.create(caller.id, body, { user: caller, origin: client });
  }

  @Get()
  @ApiOperation({
    summary: 'List servers',
    description: `The caller's servers, oldest first, filtered by \`search\`, \`status\` and \`tag\`. Admins may pass \`all=true\` to list every user's servers; a non-admin passing \`all=true\` gets 403 "${ADMIN_REQUIRED}" (not a silently narrowed list).`,
  })
  @ApiOkResponse({ type: PageOf(ServerDto) })
  @ApiErrors(403, 422)
  list(
    @CurrentUser() caller: Principal,
    @Query() query: ListServersQueryDto,
  ): Promise<Page<ServerDto>> {
    return this.servers.list(caller, query);
  }

  @Get(':id')
  @ServerIdParam()
  @ApiOperation({ summary: "Get one of the caller's servers" })
  @ApiOkResponse({ type: ServerDto })
  @ApiErrors(404)
  get(@CurrentUser() caller: Principal, @UuidParam('id') id: string): Promise<ServerDto> {
    return this.servers.get(caller.id, id);
  }

  @Patch(':id')
  @ServerIdParam()
  @ApiOperation({
    summary: 'Change a server',
    description:
      'Any subset of the fields; `hostname` and `description` set to `null` are cleared.',
  })
  @ApiOkResponse({ type: ServerDto })
  @ApiErrors(400, 404, 409, 422)
  update(
    @CurrentUser() caller: Principal,
    @UuidParam('id') id: string,
    @Body() body: UpdateServerDto,
    @ClientInfo() client: Acting['origin'],
  ): Promise<ServerDto> {
    return this.servers.update(caller.id, id, body, { user: caller, origin: client });
  }

  @Delete(':id')
  @ServerIdParam()
  @ApiOperation({
    summary: 'Delete a server',
    description:
      'Its API keys are deleted with it (they never verify again) and its connected agents are disconnected.',
  })
  @NoContent('Deleted.')
  @ApiErrors(404)
  async remove(
    @CurrentUser() caller: Principal,
    @UuidParam('id') id: string,
    @ClientInfo() client: Acting['origin'],
  ): Promise<void> {
    await this.servers.remove(caller.id, id, { user: caller, origin: client });
  }
}

import { Body, Controller, Delete, Get, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Principal } from '../common/access.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { userActor } from '../audit/audit-event.js';
import { ClientInfo } from '../common/client-info.decorator.js';
import { NoContent } from '../common/no-content.decorator.js';
import { notFound } from '../common/problem.js';
import { UuidParam } from '../common/uuid-param.js';
import { LogoutDto } from './dto/refresh.dto.js';
import { SessionListDto } from './dto/token.dto.js';
import { RefreshTokenCookie } from './refresh-cookie.js';
import { type ClientInfo as Client, SessionsService } from './sessions.service.js';

@ApiTags('auth')
@Authenticated()
@Controller('auth')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('logout')
  @RefreshTokenCookie('clear')
  @ApiOperation({
    summary: "End the caller's session",
    description:
      'Its refresh tokens stop working at once and its access tokens within 5 seconds, on every instance.',
  })
  @NoContent()
  @ApiErrors(422)
  async logout(
    @CurrentUser() caller: Principal,
    @Body() _body: LogoutDto,
    @ClientInfo() client: Client,
  ): Promise<void> {
    await this.sessions.revoke(caller.sessionId, caller.id, {
      actor: userActor(caller),
      client,
      reason: 'logout',
    });
  }

  @Post('logout-all')
  @RefreshTokenCookie('clear')
  @ApiOperation({ summary: 'End every session of the caller' })
  @NoContent()
  async logoutAll(@CurrentUser() caller: Principal, @ClientInfo() client: Client): Promise<void> {
    await this.sessions.revokeAllForUser(caller.id, undefined, undefined, {
      actor: userActor(caller),
      client,
      reason: 'logout_all',
    });
  }

  @Get('sessions')
  @ApiOperation({
    summary: "The caller's live sessions",
    description: 'Newest first; `current` marks the one making this request.',
  })
  @ApiOkResponse({ type: SessionListDto })
  async list(@CurrentUser() caller: Principal): Promise<SessionListDto> {
    const sessions = await this.sessions.listLive(caller.id);
    return {
      items: sessions.map((s) => ({
        id: s.id,
        created_at: s.createdAt.toISOString(),
        last_used_at: s.lastUsedAt.toISOString(),
        user_agent: s.userAgent,
        ip: s.ip,
        current: s.id === caller.sessionId,
        auth_method: s.authMethod,
      })),
    };
  }

  @Delete('sessions/:id')
  @ApiOperation({ summary: "End one of the caller's sessions" })
  @NoContent()
  @ApiErrors(404)
  async revoke(
    @CurrentUser() caller: Principal,
    @UuidParam('id') id: string,
    @ClientInfo() client: Client,
  ): Promise<void> {
    const ending = { actor: userActor(caller), client, reason: 'revoked' as const };
    if (!(await this.sessions.revoke(id, caller.id, ending))) throw notFound();
  }
}

import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { notFound } from '../common/problem.js';
import { UuidParam } from '../common/uuid-param.js';
import { Authenticated, CurrentUser } from './authenticated.decorator.js';
import { LogoutDto } from './dto/refresh.dto.js';
import { SessionListDto } from './dto/token.dto.js';
import type { SessionPrincipal } from './session-validity.cache.js';
import { RefreshTokenCookie } from './refresh-cookie.js';
import { SessionsService } from './sessions.service.js';

@ApiTags('auth')
@Authenticated()
@Controller('auth')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('logout')
  @RefreshTokenCookie('clear')
  @HttpCode(204)
  @ApiOperation({
    summary: "End the caller's session",
    description:
      'Its refresh tokens stop working at once and its access tokens within 5 seconds, on every instance.',
  })
  @ApiNoContentResponse()
  @ApiErrors(422)
  async logout(@CurrentUser() caller: SessionPrincipal, @Body() _body: LogoutDto): Promise<void> {
    await this.sessions.revoke(caller.sessionId, caller.id);
  }

  @Post('logout-all')
  @RefreshTokenCookie('clear')
  @HttpCode(204)
  @ApiOperation({ summary: 'End every session of the caller' })
  @ApiNoContentResponse()
  async logoutAll(@CurrentUser() caller: SessionPrincipal): Promise<void> {
    await this.sessions.revokeAllForUser(caller.id);
  }

  @Get('sessions')
  @ApiOperation({
    summary: "The caller's live sessions",
    description: 'Newest first; `current` marks the one making this request.',
  })
  @ApiOkResponse({ type: SessionListDto })
  async list(@CurrentUser() caller: SessionPrincipal): Promise<SessionListDto> {
    const sessions = await this.sessions.listLive(caller.id);
    return {
      items: sessions.map((s) => ({
        id: s.id,
        created_at: s.createdAt.toISOString(),
        last_used_at: s.lastUsedAt.toISOString(),
        user_agent: s.userAgent,
        ip: s.ip,
        current: s.id === caller.sessionId,
      })),
    };
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: "End one of the caller's sessions" })
  @ApiNoContentResponse()
  @ApiErrors(404)
  async revoke(
    @CurrentUser() caller: SessionPrincipal,
    @UuidParam('id') id: string,
  ): Promise<void> {
    if (!(await this.sessions.revoke(id, caller.id))) throw notFound();
  }
}

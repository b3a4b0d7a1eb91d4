import { Body, Controller, Delete, Get, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Principal } from '../common/access.js';
import type { Acting } from '../audit/audit-event.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ClientInfo } from '../common/client-info.decorator.js';
import { NoContent } from '../common/no-content.decorator.js';
import { ApiUuidParam, UuidParam } from '../common/uuid-param.js';
import { ServerIdParam } from '../servers/server-id.param.js';
import { ApiKeyCreatedDto, ApiKeyListDto } from './api-key.dto.js';
import { ApiKeysService } from './api-keys.service.js';
import { CreateApiKeyDto } from './dto/create-api-key.dto.js';
import { RotateApiKeyDto } from './dto/rotate-api-key.dto.js';

const KeyIdParam = () => ApiUuidParam('key_id', 'A key of that server (404 otherwise).');

const SHOWN_ONCE =
  'The response carries the key itself, shown this once: it is stored only as a hash and can never be retrieved again.';

/** API keys of one of the caller's servers (agent credentials). Another user's server or key is 404. */
@ApiTags('api-keys')
@ServerIdParam()
@Authenticated()
@Controller('servers/:id/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key for a server', description: SHOWN_ONCE })
  @ApiCreatedResponse({ type: ApiKeyCreatedDto, description: `The new key. ${SHOWN_ONCE}` })
  @ApiErrors(400, 404, 422)
  create(
    @CurrentUser() caller: Principal,
    @UuidParam('id') serverId: string,
    @Body() body: CreateApiKeyDto,
    @ClientInfo() client: Acting['origin'],
  ): Promise<ApiKeyCreatedDto> {
    return this.keys.create(caller.id, serverId, body, { user: caller, origin: client });
  }

  @Get()
  @ApiOperation({
    summary: "List a server's API keys",
    description: 'Never shows a key or its hash: only its 12-character prefix.',
  })
  @ApiOkResponse({ type: ApiKeyListDto })
  @ApiErrors(404)
  list(
    @CurrentUser() caller: Principal,
    @UuidParam('id') serverId: string,
  ): Promise<ApiKeyListDto> {
    return this.keys.list(caller.id, serverId);
  }

  @Delete(':key_id')
  @KeyIdParam()
  @ApiOperation({
    summary: 'Revoke an API key',
    description:
      'Agents connected with it are disconnected. Revoking an already revoked key is a no-op that also answers 204.',
  })
  @NoContent('Revoked (or already was).')
  @ApiErrors(404)
  async revoke(
    @CurrentUser() caller: Principal,
    @UuidParam('id') serverId: string,
    @UuidParam('key_id') keyId: string,
    @ClientInfo() client: Acting['origin'],
  ): Promise<void> {
    await this.keys.revoke(caller.id, serverId, keyId, { user: caller, origin: client });
  }

  @Post(':key_id/rotate')
  @KeyIdParam()
  @ApiBody({ type: RotateApiKeyDto, required: false })
  @ApiOperation({
    summary: 'Rotate an API key',
    description: `Issues a new key with the same name and expiry; the old one keeps working for \`grace_period_seconds\` (default 0: revoked now), then shows as revoked. A revoked or expired key cannot be rotated: 409 "API key is not active". A key has one successor: one already rotated (still in its grace period) answers 409 "API key was already rotated" — revoke it to end the grace early. Concurrent rotations of one key issue exactly one new key. ${SHOWN_ONCE}`,
  })
  @ApiCreatedResponse({ type: ApiKeyCreatedDto, description: `The new key. ${SHOWN_ONCE}` })
  @ApiErrors(400, 404, 409, 422)
  rotate(
    @CurrentUser() caller: Principal,
    @UuidParam('id') serverId: string,
    @UuidParam('key_id') keyId: string,
    @Body() body: RotateApiKeyDto,
    @ClientInfo() client: Acting['origin'],
  ): Promise<ApiKeyCreatedDto> {
    return this.keys.rotate(caller.id, serverId, keyId, body.grace_period_seconds ?? 0, {
      user: caller,
      origin: client,
    });
  }
}

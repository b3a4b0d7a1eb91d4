import { ApiProperty, PickType } from '@nestjs/swagger';
import { apiKeyStatus, type ApiKeyStatus } from './api-key-status.js';
import type { ApiKey } from './api-key.entity.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A key as lists show it: never the secret, never its hash. */
export class ApiKeyDto {
  @ApiProperty({ format: 'uuid', description: 'Key id.' })
  id: string;
  @ApiProperty({ example: 'prod agent', description: 'Label given at creation.' })
  name: string;
  @ApiProperty({
    example: 'chatops_4fT9',
    description: 'The first 12 characters of the key, to recognise it by.',
  })
  prefix: string;
  @ApiProperty({
    enum: ['active', 'revoked', 'expired'],
    description:
      'revoked once `revoked_at` has passed, expired once `expires_at` has; a rotated key stays active through its grace period.',
  })
  status: ApiKeyStatus;
  @ApiProperty({ format: 'date-time', description: 'Creation time.' })
  created_at: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When it stops working by itself, if ever.',
  })
  expires_at: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Last successful authentication with it (recorded at most once a minute).',
  })
  last_used_at: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: "When it was (or, during a rotation's grace period, will be) revoked.",
  })
  revoked_at: string | null;
}

export class ApiKeyListDto {
  @ApiProperty({
    type: [ApiKeyDto],
    description: 'Every key of the server, oldest first, revoked and expired ones included.',
  })
  items: ApiKeyDto[];
}

/** The answer to create and rotate: the only time the key itself is ever shown. */
export class ApiKeyCreatedDto extends PickType(ApiKeyDto, [
  'id',
  'name',
  'prefix',
  'created_at',
  'expires_at',
] as const) {
  @ApiProperty({
    example: 'chatops_4fT9kQ2mZx7LwP0aB3cD5eF6gH8iJ1kL3AWrCU',
    description:
      'The API key. Shown in this response only: it cannot be retrieved again, store it now.',
  })
  key: string;
  @ApiProperty({ format: 'uuid', description: 'The server the key authenticates as.' })
  server_id: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    example: null,
    description: 'Always null for a new key.',
  })
  last_used_at: null;
}

export function toApiKeyDto(key: ApiKey, now: Date): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    status: apiKeyStatus(key, now),
    created_at: key.createdAt.toISOString(),
    expires_at: iso(key.expiresAt),
    last_used_at: iso(key.lastUsedAt),
    revoked_at: iso(key.revokedAt),
  };
}

export function toApiKeyCreatedDto(key: ApiKey, plainKey: string): ApiKeyCreatedDto {
  return {
    id: key.id,
    name: key.name,
    key: plainKey,
    prefix: key.prefix,
    server_id: key.serverId,
    created_at: key.createdAt.toISOString(),
    expires_at: iso(key.expiresAt),
    last_used_at: null,
  };
}

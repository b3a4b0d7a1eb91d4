import { ApiProperty } from '@nestjs/swagger';
import type { ServerStatus } from './dto/list-servers-query.dto.js';
import type { Server } from './server.entity.js';

export class AgentInfoDto {
  @ApiProperty({
    example: '1.4.0',
    nullable: true,
    type: String,
    description: 'Agent version it reported.',
  })
  version: string | null;
  @ApiProperty({
    example: 'web-01',
    nullable: true,
    type: String,
    description: 'Host name the agent reported.',
  })
  hostname: string | null;
  @ApiProperty({
    example: 'Ubuntu 24.04',
    nullable: true,
    type: String,
    description: 'Operating system it reported.',
  })
  os: string | null;
  @ApiProperty({
    example: 'linux',
    nullable: true,
    type: String,
    description: 'Platform it reported.',
  })
  platform: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the agent connected.' })
  connected_at: string;
  @ApiProperty({
    example: '203.0.113.7',
    nullable: true,
    type: String,
    description: 'Address it connected from.',
  })
  ip: string | null;
}

/** A server as every route shows it (API.md §4). */
export class ServerDto {
  @ApiProperty({ format: 'uuid', description: 'Server id.' })
  id: string;
  @ApiProperty({
    example: 'web-01',
    description: "Unique among the owner's servers (case-insensitively).",
  })
  name: string;
  @ApiProperty({
    example: 'web-01.example.com',
    nullable: true,
    type: String,
    description: 'Host name, for people.',
  })
  hostname: string | null;
  @ApiProperty({
    example: 'Front web server',
    nullable: true,
    type: String,
    description: 'Free text.',
  })
  description: string | null;
  @ApiProperty({ type: [String], example: ['prod'], description: 'Tags, in the order given.' })
  tags: string[];
  @ApiProperty({
    enum: ['online', 'offline'],
    description: 'online while at least one of its agents is connected.',
  })
  status: ServerStatus;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Last heartbeat of an agent, if any.',
  })
  last_seen_at: string | null;
  @ApiProperty({
    type: AgentInfoDto,
    nullable: true,
    description: 'What the last connected agent reported, if any.',
  })
  agent: AgentInfoDto | null;
  @ApiProperty({ format: 'date-time', description: 'Creation time.' })
  created_at: string;
  @ApiProperty({ format: 'date-time', description: "Last change of the server's fields." })
  updated_at: string;
}

export function toServerDto(server: Server, status: ServerStatus): ServerDto {
  return {
    id: server.id,
    name: server.name,
    hostname: server.hostname,
    description: server.description,
    tags: server.tags,
    status,
    last_seen_at: server.lastSeenAt?.toISOString() ?? null,
    agent: server.agent,
    created_at: server.createdAt.toISOString(),
    updated_at: server.updatedAt.toISOString(),
  };
}

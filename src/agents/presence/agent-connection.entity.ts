import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One authenticated agent socket, on the instance that holds it (see presence.sql.ts). */
@Entity({ name: 'agent_connections' })
export class AgentConnection {
  @PrimaryColumn({ name: 'socket_id', type: 'varchar', length: 64 })
  socketId: string;

  @Column({ name: 'server_id', type: 'uuid' })
  serverId: string;

  @Column({ name: 'api_key_id', type: 'uuid' })
  apiKeyId: string;

  @Column({ name: 'instance_id', type: 'uuid' })
  instanceId: string;

  @Column({ name: 'connected_at', type: 'timestamptz' })
  connectedAt: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;
}

import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { BelongsTo } from '../common/belongs-to.decorator.js';
import { User } from '../users/user.entity.js';
import type { AgentInfoDto } from './server.dto.js';

/** What the connected agent told us about itself (the agents gateway writes it), as shown. */
export type AgentInfo = AgentInfoDto;

/** A machine a user manages; its agent authenticates with one of the server's API keys. */
@Entity({ name: 'servers' })
export class Server {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @BelongsTo(() => User, 'owner_id')
  owner?: Relation<User>;

  /** Unique per owner, case-insensitively, through an index on (owner_id, lower(name)). */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  hostname: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  agent: AgentInfo | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

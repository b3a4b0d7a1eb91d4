import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { BelongsTo } from '../common/belongs-to.decorator.js';
import { Server } from '../servers/server.entity.js';

/**
 * An agent credential of one server. Only the key's SHA-256 is stored (the key itself is shown
 * once), with its first 12 characters for people to recognise it by.
 */
@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'server_id', type: 'uuid' })
  serverId: string;

  @BelongsTo(() => Server, 'server_id')
  server?: Relation<Server>;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'key_hash', type: 'char', length: 64, select: false })
  keyHash: string;

  @Column({ type: 'varchar', length: 12 })
  prefix: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  /** In the future while a rotated key's grace period runs; the key works until then. */
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { BelongsTo } from '../common/belongs-to.decorator.js';
import { User } from '../users/user.entity.js';

/** How a session was established (API.md §11): the factors its login presented. */
export const AUTH_METHODS = [
  'password',
  'password+totp',
  'password+recovery_code',
  'password+passkey',
  'passkey',
] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/**
 * One login. Every refresh token minted from that login belongs to it (the token "family"):
 * revoking the session retires them all and, within seconds, the access tokens that name it.
 */
@Entity({ name: 'sessions' })
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @BelongsTo(() => User, 'user_id')
  user?: Relation<User>;

  /** SHA-256 of the one refresh token that may be used next. */
  @Column({ name: 'refresh_token_hash', type: 'char', length: 64 })
  refreshTokenHash: string;

  /** SHA-256 of the token retired by the last rotation: presenting it within the leeway is a retry. */
  @Column({ name: 'previous_refresh_token_hash', type: 'char', length: 64, nullable: true })
  previousRefreshTokenHash: string | null;

  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;

  /**
   * The last rotation's answer, encrypted with a key derived from the refresh token it answered,
   * so a retry within the leeway gets the very same tokens while the database never holds a usable
   * token in clear.
   */
  @Column({ name: 'retry_envelope', type: 'text', nullable: true, select: false })
  retryEnvelope: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz' })
  lastUsedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ name: 'auth_method', type: 'varchar', length: 32, default: 'password' })
  authMethod: AuthMethod;
}

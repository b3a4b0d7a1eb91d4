import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A running API instance; heartbeat_at is refreshed every few seconds while it lives. */
@Entity({ name: 'app_instances' })
export class AppInstance {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'heartbeat_at', type: 'timestamptz' })
  heartbeatAt: Date;
}

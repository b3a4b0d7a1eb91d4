import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type PresenceSource, ServerPresence } from '../../servers/server-presence.js';
import { serverOnlineSql } from './presence.sql.js';

/** Answers the servers module's presence questions from agent_connections (see presence.sql.ts). */
@Injectable()
export class LivePresenceSource implements PresenceSource, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly serverPresence: ServerPresence,
  ) {}

  onModuleInit(): void {
    this.serverPresence.provide(this);
  }

  async onlineServerIds(): Promise<ReadonlySet<string>> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT s.id FROM servers s WHERE ${serverOnlineSql('s.id')}`,
    );
    return new Set(rows.map((row) => row.id));
  }
}

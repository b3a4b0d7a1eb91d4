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

  async onlineAmong(serverIds: readonly string[]): Promise<ReadonlySet<string>> {
    if (serverIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.db.query(
      `SELECT s.id FROM unnest($1::uuid[]) AS s(id) WHERE ${serverOnlineSql('s.id')}`,
      [serverIds],
    );
    return new Set(rows.map((row) => row.id));
  }

  onlineSql(serverIdColumn: string): string {
    return serverOnlineSql(serverIdColumn);
  }
}

import { Injectable } from '@nestjs/common';

export interface PresenceSource {
  /** Which of these servers have at least one agent connected, on any instance. */
  onlineAmong(serverIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** A SQL boolean expression: "the server whose id is in column `serverIdColumn` is online". */
  onlineSql(serverIdColumn: string): string;
}

const NOBODY: ReadonlySet<string> = new Set();

/**
 * Which servers are online. The servers module only asks; the agents gateway (API.md §7) is what
 * knows, and plugs its answer in with `provide()` at start-up. Until a source is provided no agent
 * can be connected, so every server is offline.
 */
@Injectable()
export class ServerPresence {
  private source: PresenceSource | undefined;

  provide(source: PresenceSource): void {
    this.source = source;
  }

  onlineAmong(serverIds: readonly string[]): Promise<ReadonlySet<string>> {
    return this.source ? this.source.onlineAmong(serverIds) : Promise.resolve(NOBODY);
  }

  /** For list filters, so `?status=` is answered by the database, page and total alike. */
  onlineSql(serverIdColumn: string): string {
    return this.source ? this.source.onlineSql(serverIdColumn) : 'false';
  }
}

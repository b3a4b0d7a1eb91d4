import { Injectable } from '@nestjs/common';

export interface PresenceSource {
  /** Ids of the servers with at least one agent connected, on any instance. */
  onlineServerIds(): Promise<ReadonlySet<string>>;
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

  onlineServerIds(): Promise<ReadonlySet<string>> {
    return this.source ? this.source.onlineServerIds() : Promise.resolve(NOBODY);
  }
}

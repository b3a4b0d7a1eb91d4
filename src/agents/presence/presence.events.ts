/** Emitted (EventEmitter2, in-process) when a server goes online or offline; /events relays it. */
export const SERVER_STATUS_CHANGED = 'server.status-changed';

export interface ServerStatusChangedEvent {
  serverId: string;
  ownerId: string;
  status: 'online' | 'offline';
  lastSeenAt: Date | null;
}

import { OnEvent } from '@nestjs/event-emitter';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import {
  JOB_OUTPUT_RECEIVED,
  JOB_STATUS_CHANGED,
  type JobOutputReceivedEvent,
  type JobStatusChangedEvent,
} from '../jobs/jobs.events.js';
import {
  EventsAuthError,
  EventsSessionsService,
  type UserNamespace,
  type UserSocket,
  userRoom,
} from './events-sessions.service.js';
import {
  SERVER_STATUS_CHANGED,
  type ServerStatusChangedEvent,
} from './presence/presence.events.js';

/**
 * Namespace /events: users' live view of their servers (API.md §7). Each socket sits in its user's
 * room; a status change is sent to the owner's room, which the adapter relays to every instance.
 */
@WebSocketGateway({ namespace: 'events' })
export class EventsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  @WebSocketServer()
  private readonly namespace: UserNamespace;

  constructor(private readonly users: EventsSessionsService) {}

  afterInit(namespace: UserNamespace): void {
    this.users.bind(namespace);
    namespace.use((socket, next) => {
      this.users.authenticate(socket).then(
        () => next(),
        // Anything but a refusal (the database is down…) is not the client's business in detail.
        (error: unknown) =>
          next(error instanceof EventsAuthError ? error : new Error('Service unavailable')),
      );
    });
  }

  handleConnection(socket: UserSocket): void {
    this.users.onConnection(socket);
  }

  handleDisconnect(socket: UserSocket): void {
    this.users.onDisconnect(socket);
  }

  @OnEvent(SERVER_STATUS_CHANGED)
  relayStatus(event: ServerStatusChangedEvent): void {
    this.namespace?.to(userRoom(event.ownerId)).emit('server_status', {
      server_id: event.serverId,
      status: event.status,
      last_seen_at: event.lastSeenAt ? new Date(event.lastSeenAt).toISOString() : null,
    });
  }

  @OnEvent(JOB_STATUS_CHANGED)
  relayJobStatus(event: JobStatusChangedEvent): void {
    this.namespace?.to(userRoom(event.userId)).emit('job_status', event.job);
  }

  @OnEvent(JOB_OUTPUT_RECEIVED)
  relayJobOutput(event: JobOutputReceivedEvent): void {
    this.namespace?.to(userRoom(event.userId)).emit('job_output', event.output);
  }
}

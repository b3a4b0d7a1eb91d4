import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  USER_ACCESS_CHANGED,
  USER_DISABLED,
  type UserAccessChangedEvent,
  type UserDisabledEvent,
} from '../users/user.events.js';
import { Session } from './session.entity.js';
import { SessionsService } from './sessions.service.js';

/** What a change to an account (users module) does to its sessions. */
@Injectable()
export class UserChangesListener {
  constructor(private readonly sessions: SessionsService) {}

  /** A disabled user's sessions end in the transaction that disables them (errors fail it). */
  @OnEvent(USER_DISABLED, { suppressErrors: false })
  async endSessions({ userId, manager }: UserDisabledEvent): Promise<void> {
    await this.sessions.revokeAllForUser(userId, undefined, manager.getRepository(Session));
  }

  /** Role and state are read through the session cache: the next request must see the change. */
  @OnEvent(USER_ACCESS_CHANGED)
  forgetCachedSessions({ userId }: UserAccessChangedEvent): void {
    this.sessions.forgetUser(userId);
  }
}

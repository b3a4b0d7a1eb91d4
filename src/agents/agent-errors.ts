import type { RefusalMessage } from './agent-protocol.js';

/** A payload that is not what its event expects: `error` "Invalid payload" (API.md §7 v1.1). */
export class AgentProtocolError extends Error {
  constructor(message = 'Invalid payload') {
    super(message);
  }
}

/** A request that is well formed but cannot be served now ("Authentication already in progress"). */
export class AgentBusyError extends Error {}

/** A presented key was refused: answered with `auth_error`, then the disconnect. */
export class AgentRefusedError extends Error {
  constructor(readonly refusal: RefusalMessage) {
    super(refusal);
  }
}

/** Any agent event that needs an authenticated socket, from one that is not. */
export class AgentNotAuthenticatedError extends Error {
  constructor() {
    super('Not authenticated');
  }
}

/**
 * `@AgentMessage('auth')` marks the handler of one agent event, written literally where the
 * handler is. The gateway runs them through one dispatcher per socket (AgentsGateway.dispatch)
 * rather than Nest's @SubscribeMessage, which builds an RxJS chain per handler for every socket —
 * at fleet scale (issue #10) that was a large part of an idle agent's memory. The dispatcher
 * applies the ApiKeyGuard before every handler; `@CarriesApiKey()` marks the one handler that may
 * run without an authenticated key (the `auth` message itself).
 */
export interface AgentHandler {
  event: string;
  method: string;
  carriesApiKey: boolean;
}

const events = new WeakMap<object, Map<string, string>>();
const carriers = new WeakMap<object, Set<string>>();

export function AgentMessage(event: string): MethodDecorator {
  return (prototype, method) => {
    if (!events.has(prototype)) events.set(prototype, new Map());
    events.get(prototype)!.set(event, String(method));
  };
}

export function CarriesApiKey(): MethodDecorator {
  return (prototype, method) => {
    if (!carriers.has(prototype)) carriers.set(prototype, new Set());
    carriers.get(prototype)!.add(String(method));
  };
}

/** The handlers declared on a gateway class, by event name. */
export function agentHandlers(prototype: object): ReadonlyMap<string, AgentHandler> {
  const carries = carriers.get(prototype) ?? new Set<string>();
  return new Map(
    [...(events.get(prototype) ?? new Map<string, string>())].map(([event, method]) => [
      event,
      { event, method, carriesApiKey: carries.has(method) },
    ]),
  );
}

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const API_PREFIX = 'api/v1';

const DESCRIPTION = `Identity and agent layer of the ChatOps platform.

* Every error is \`{"detail": ...}\`; validation errors (422) list one item per failed field with \`loc\`, and never echo secret fields.
* Users authenticate with a bearer access token (JWT, HS256) from \`/auth/register\`, \`/auth/login\` or \`/auth/token\`; refresh tokens rotate on every use and a replayed one ends its session.
* Agents authenticate to the Socket.IO namespace \`/agents\` with a per-server API key (see the README).
* Lists answer \`{items, total, limit, offset}\` with \`limit\` 1–100 (default 20).
* Any route that needs the database answers **503** \`{"detail": "Service unavailable"}\` with \`Retry-After\` while it is unreachable (never 401: keep your tokens and retry), and so do logins when the bcrypt queue is full. A request whose headers and body do not arrive within \`REQUEST_TIMEOUT\` is answered **408** and closed.

**Socket.IO (not described by OpenAPI).** Namespace \`/agents\`: an agent connects (websocket transport) and emits \`auth\` \`{"type": "auth", "api_key": "chatops_…"}\` (or passes \`auth: {api_key}\` at the handshake) and receives \`auth_success\` \`{"type", "server_id", "message"}\` or \`auth_error\` then a disconnect; then \`agent_info\` and \`heartbeat\` (answered by \`heartbeat_ack\`). Revoking, rotating-out or deleting disconnects the agents within 1 s. Namespace \`/events\` (\`auth: {token: <access token>}\`): \`server_status\` \`{server_id, status, last_seen_at}\` for the caller's servers. The full protocol, for machines: the AsyncAPI 3.0 document [/docs/asyncapi.json](/docs/asyncapi.json), readable at [/docs/asyncapi](/docs/asyncapi).`;

/**
 * Readable, unique operation ids for generated clients: `ServersController.list` → `serversList`,
 * `ApiKeysController.rotate` → `apiKeysRotate`.
 */
export function operationIdFactory(controllerKey: string, methodKey: string): string {
  const resource = controllerKey.replace(/Controller$/, '');
  return (
    resource.charAt(0).toLowerCase() +
    resource.slice(1) +
    methodKey.charAt(0).toUpperCase() +
    methodKey.slice(1)
  );
}

/** The OpenAPI document: every route with its bodies, answers and errors; bearer and OAuth2 password security. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('ChatOps API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addOAuth2({
      type: 'oauth2',
      flows: { password: { tokenUrl: `/${API_PREFIX}/auth/token`, scopes: {} } },
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory });
  documentUnavailable(document);
  return document;
}

/** Paths that never touch a dependency (liveness): every other operation may answer 503. */
const WITHOUT_DEPENDENCIES = new Set([`/${API_PREFIX}/health`, '/health']);

/**
 * Adds the 503 answer (API.md §1: a dependency is unreachable) to every operation but liveness, so
 * generated clients know to retry after Retry-After rather than treat it as an unknown error.
 */
function documentUnavailable(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    if (WITHOUT_DEPENDENCIES.has(path)) continue;
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      operation.responses['503'] = {
        description:
          'A dependency (the database) is unreachable, or logins are queued beyond their bound: `{"detail": "Service unavailable"}`; retry after `Retry-After`',
        headers: {
          'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
        },
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorDto' } } },
      };
    }
  }
}

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Parser } from '@asyncapi/parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from './support/test-app.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir = join(root, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Users' /events files speak of UserSocket/UserNamespace (or are named events*); the rest is /agents. */
const channelOf = (path: string, text: string) =>
  /(^|\/)events[.-]/.test(relative(root, path)) || /\bUser(Socket|Namespace)\b/.test(text)
    ? 'events'
    : 'agents';

/**
 * What the code does, read from the source independently of the document's builder: the events
 * handled (`@SubscribeMessage('x')`) and emitted (`.emit('x'`), by namespace.
 */
function eventsInSource() {
  const handled = new Set<string>();
  const emitted = new Set<string>();
  const sentByAgentClient = new Set<string>();
  for (const path of sourceFiles()) {
    const text = readFileSync(path, 'utf8');
    if (relative(root, path).startsWith('src/agent-client/')) {
      for (const [, event] of text.matchAll(/\.emit\(\s*'([^']+)'/g))
        sentByAgentClient.add(`agents ${event}`);
      continue;
    }
    const channel = channelOf(path, text);
    for (const [, event] of text.matchAll(/@SubscribeMessage\(\s*'([^']+)'/g))
      handled.add(`${channel} ${event}`);
    for (const [, event] of text.matchAll(/\.emit\(\s*'([^']+)'/g))
      emitted.add(`${channel} ${event}`);
  }
  return { handled, emitted, sentByAgentClient };
}

interface Operation {
  action: 'send' | 'receive';
  channel: { $ref: string };
  messages: { $ref: string }[];
  reply?: { messages: { $ref: string }[] };
}

describe('AsyncAPI document of /agents and /events (API.md §13)', () => {
  let app: TestApp;
  let document: {
    channels: Record<string, { messages: Record<string, { payload: unknown }> }>;
    operations: Record<string, Operation>;
  };

  beforeAll(async () => {
    app = await startTestApp();
    const res = await app.request('GET', '/docs/asyncapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    document = res.body;
  });
  afterAll(() => app?.close());

  const events = (action: 'send' | 'receive') =>
    new Set(
      Object.values(document.operations)
        .filter((operation) => operation.action === action)
        .map((operation) => {
          const channel = operation.channel.$ref.split('/').at(-1);
          return `${channel} ${operation.messages[0].$ref.split('/').at(-1)}`;
        }),
    );

  it('is a valid AsyncAPI 3.0 document (@asyncapi/parser: no error, no warning)', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(
      JSON.parse(JSON.stringify(document)),
    );
    expect(
      diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message}`),
    ).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
    expect(
      parsed
        ?.channels()
        .all()
        .map((c) => c.address()),
    ).toEqual(['/agents', '/events']);
  });

  it('describes every handled event, and no event that no handler takes', () => {
    const { handled } = eventsInSource();
    expect([...events('receive')].sort()).toEqual(
      [...handled].filter((e) => !e.endsWith(' *')).sort(),
    );
  });

  it('describes every emitted event, and no event the code never emits', () => {
    expect([...events('send')].sort()).toEqual([...eventsInSource().emitted].sort());
  });

  it('describes every event the agent CLI sends as one the server receives', () => {
    const received = events('receive');
    expect([...eventsInSource().sentByAgentClient].filter((e) => !received.has(e))).toEqual([]);
  });

  it('gives each received event its payload schema and its acknowledgement (operation reply)', () => {
    const heartbeat = document.operations.agents_heartbeat;
    expect(heartbeat.reply?.messages.map((m) => m.$ref.split('/').at(-1))).toEqual([
      'heartbeat_ack',
      'error',
    ]);
    expect(document.channels.agents.messages.agent_info.payload).toMatchObject({
      required: ['version', 'hostname', 'os', 'platform'],
    });
    for (const operation of Object.values(document.operations).filter(
      (o) => o.action === 'receive',
    ))
      expect(operation.reply?.messages.length).toBeGreaterThan(0);
  });

  it('names the authentication: the handshake schemes, and `auth` as the one event without one', () => {
    const schemes = (document as unknown as { components: { securitySchemes: object } }).components
      .securitySchemes;
    expect(Object.keys(schemes)).toEqual(['apiKey', 'accessToken']);
    const unsecured = Object.entries(document.operations)
      .filter(([, operation]) => !('security' in operation))
      .map(([id]) => id);
    expect(unsecured.sort()).toEqual(['agents_auth', 'agents_message']);
  });

  it('is readable at /docs/asyncapi (every event on one page), linked from the OpenAPI description', async () => {
    const page = await app.request('GET', '/docs/asyncapi');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = page.text;
    for (const event of [...events('receive'), ...events('send')])
      expect(html).toContain(`<code>${event.split(' ')[1]}</code>`);
    const openapi = readFileSync(join(root, 'src/openapi.ts'), 'utf8');
    expect(openapi).toContain('/docs/asyncapi.json');
  });

  it('is built without the parser: no source file loads @asyncapi/*', () => {
    const loading = sourceFiles().filter((path) =>
      readFileSync(path, 'utf8').includes('@asyncapi/'),
    );
    expect(loading).toEqual([]);
  });
});

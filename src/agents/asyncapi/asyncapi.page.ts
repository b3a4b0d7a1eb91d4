import type { JsonSchema } from '../agent-messages.js';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

interface Operation {
  action: 'send' | 'receive';
  channel: { $ref: string };
  summary?: string;
  messages: { $ref: string }[];
  reply?: { messages: { $ref: string }[] };
}
interface Message {
  name: string;
  summary: string;
  payload: JsonSchema;
}
interface Document {
  info: { title: string; version: string; description: string };
  channels: Record<
    string,
    { address: string; description: string; messages: Record<string, Message> }
  >;
  operations: Record<string, Operation>;
}

const lastSegment = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

/**
 * The AsyncAPI document as one static page (no script, nothing loaded from elsewhere): per
 * namespace, each event with its direction, payload schema and acknowledgement.
 */
export function renderAsyncApiPage(source: JsonSchema): string {
  const document = source as unknown as Document;
  const sections = Object.entries(document.channels).map(([key, channel]) => {
    const rows = Object.values(document.operations)
      .filter((operation) => lastSegment(operation.channel.$ref) === key)
      .map((operation) => {
        const message = channel.messages[lastSegment(operation.messages[0].$ref)];
        const direction = operation.action === 'receive' ? 'client → server' : 'server → client';
        const reply = operation.reply
          ? operation.reply.messages
              .map((m) => `<code>${escape(lastSegment(m.$ref))}</code>`)
              .join(', ')
          : '—';
        return `<tr><td><code>${escape(message.name)}</code></td><td>${direction}</td><td>${escape(
          message.summary,
        )}</td><td>${reply}</td><td><pre>${escape(JSON.stringify(message.payload, null, 2))}</pre></td></tr>`;
      });
    const acks = Object.values(channel.messages)
      .filter(
        (m) =>
          !Object.values(document.operations).some((o) =>
            o.messages.some(
              (r) => lastSegment(r.$ref) === m.name && lastSegment(o.channel.$ref) === key,
            ),
          ),
      )
      .map(
        (m) =>
          `<tr><td><code>${escape(m.name)}</code></td><td>acknowledgement</td><td>${escape(m.summary)}</td><td>—</td><td><pre>${escape(JSON.stringify(m.payload, null, 2))}</pre></td></tr>`,
      );
    return `<h2><code>${escape(channel.address)}</code></h2><p>${escape(channel.description)}</p>
<table><thead><tr><th>event</th><th>direction</th><th>what</th><th>acknowledgement</th><th>payload (JSON Schema)</th></tr></thead>
<tbody>${[...rows, ...acks].join('\n')}</tbody></table>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(document.info.title)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem;max-width:78rem}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}pre{margin:0;font-size:12px;white-space:pre-wrap}</style></head>
<body><h1>${escape(document.info.title)} <small>${escape(document.info.version)}</small></h1>
<p>${escape(document.info.description)}</p>
<p>Machine-readable: <a href="/docs/asyncapi.json">AsyncAPI 3.0 document</a> · REST: <a href="/docs">OpenAPI (Swagger UI)</a></p>
${sections.join('\n')}</body></html>`;
}

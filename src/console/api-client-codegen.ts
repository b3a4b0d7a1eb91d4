import type { OpenAPIObject } from '@nestjs/swagger';

/** Where the console keeps the committed document and the types generated from it. */
export const API_DOCUMENT_PATH = 'web/src/api/openapi.json';
export const API_TYPES_PATH = 'web/src/api/schema.d.ts';

const BANNER = `/**
 * Generated from the API's OpenAPI document by \`npm run api:client\` — do not edit by hand.
 * A test fails when this file is not what the current document generates.
 */

`;

/** The committed document's text: stable key order as Nest builds it, two-space JSON. */
export function documentText(document: OpenAPIObject): string {
  return JSON.stringify(document, null, 2) + '\n';
}

/** Names of the error answers that many operations share (each stated once in the types). */
const SHARED_ANSWERS: Record<string, string> = {
  '400': 'MalformedRequest',
  '401': 'NotAuthenticated',
  '403': 'Forbidden',
  '404': 'NotFound',
  '409': 'Conflict',
  '422': 'ValidationFailed',
  '429': 'TooManyRequests',
  '503': 'ServiceUnavailable',
};

type Responses = NonNullable<NonNullable<OpenAPIObject['components']>['responses']>;

/**
 * The same document, with each error answer that several operations give word for word moved to
 * `components.responses` and referred to, so the generated types state it once rather than once
 * per operation. (The document served at /docs-json is not changed.)
 */
export function withSharedAnswers(document: OpenAPIObject): OpenAPIObject {
  const shared = structuredClone(document);
  const operations = Object.values(shared.paths).flatMap((item) =>
    Object.values(item as Record<string, { responses?: Responses }>).filter((o) => o?.responses),
  );
  const seen = new Map<string, number>();
  for (const { responses } of operations) {
    for (const [status, answer] of Object.entries(responses!)) {
      if (!SHARED_ANSWERS[status]) continue;
      const key = `${status} ${JSON.stringify(answer)}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  // Per status, the most frequent wording is the shared one; any other stays where it is.
  const chosen = new Map<string, string>();
  for (const [key, count] of seen) {
    const status = key.slice(0, 3);
    if (count > 1 && count > (seen.get(chosen.get(status) ?? '') ?? 0)) chosen.set(status, key);
  }
  const answers: Responses = {};
  for (const { responses } of operations) {
    for (const [status, answer] of Object.entries(responses!)) {
      if (chosen.get(status) !== `${status} ${JSON.stringify(answer)}`) continue;
      answers[SHARED_ANSWERS[status]] = answer;
      responses![status] = { $ref: `#/components/responses/${SHARED_ANSWERS[status]}` };
    }
  }
  shared.components = { ...shared.components, responses: answers };
  return shared;
}

/** The TypeScript types openapi-fetch uses, generated from the document by openapi-typescript. */
export async function generateApiTypes(document: OpenAPIObject): Promise<string> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(withSharedAnswers(document) as never, { alphabetize: false });
  return BANNER + astToString(ast);
}

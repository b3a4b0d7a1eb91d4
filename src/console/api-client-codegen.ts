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

/** The TypeScript types openapi-fetch uses, generated from the document by openapi-typescript. */
export async function generateApiTypes(document: OpenAPIObject): Promise<string> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(structuredClone(document) as never, { alphabetize: false });
  return BANNER + astToString(ast);
}

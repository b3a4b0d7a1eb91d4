/**
 * `npm run api:client`: writes the OpenAPI document of the current code and the console's typed
 * client types (web/src/api/). Run it after changing a route, a DTO or an answer, then commit both.
 */
import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  API_DOCUMENT_PATH,
  API_TYPES_PATH,
  documentText,
  generateApiTypes,
} from './api-client-codegen.js';
import { exportOpenApiDocument } from './openapi-export.js';

const document = await exportOpenApiDocument();
await mkdir(dirname(API_DOCUMENT_PATH), { recursive: true });
await writeFile(API_DOCUMENT_PATH, documentText(document));
await writeFile(API_TYPES_PATH, await generateApiTypes(document));
console.log(`Wrote ${API_DOCUMENT_PATH} and ${API_TYPES_PATH}`);

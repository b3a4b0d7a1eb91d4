import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../common/access.js';
import { buildAsyncApiDocument } from './asyncapi.document.js';
import { renderAsyncApiPage } from './asyncapi.page.js';

/** Beside Swagger UI's /docs, outside the API prefix (app.factory.ts keeps the prefix off them). */
export const ASYNCAPI_PATHS = { json: 'docs/asyncapi.json', page: 'docs/asyncapi' };

/** The Socket.IO protocol for machines (AsyncAPI 3.0 JSON) and for people (one HTML page). */
@ApiExcludeController()
@Public()
@Controller()
export class AsyncApiController {
  // Built on first request (from the gateways' metadata, which does not change afterwards).
  private json?: string;
  private page?: string;

  @Get(ASYNCAPI_PATHS.json)
  @Header('Content-Type', 'application/json; charset=utf-8')
  asyncApiJson(): string {
    return (this.json ??= JSON.stringify(buildAsyncApiDocument()));
  }

  @Get(ASYNCAPI_PATHS.page)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
  asyncApiPage(): string {
    return (this.page ??= renderAsyncApiPage(buildAsyncApiDocument()));
  }
}

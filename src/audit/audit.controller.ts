import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { ADMIN_REQUIRED, Authenticated, CurrentUser, type Principal } from '../common/access.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { PageOf, type Page } from '../common/pagination.js';
import { AuditReaderService } from './audit-reader.service.js';
import { AUDIT_ACTIONS } from './audit-event.js';
import { AuditEventDto } from './dto/audit-event.dto.js';
import { AuditFilterDto, AuditQueryDto } from './dto/audit-query.dto.js';

const ACTIONS = AUDIT_ACTIONS.map((action) => `\`${action}\``).join(', ');

/** The security audit log (API.md §12): read only; no route changes or deletes an event. */
@ApiTags('audit')
@Authenticated()
@Controller('audit')
export class AuditController {
  constructor(private readonly reader: AuditReaderService) {}

  @Get()
  @ApiOperation({
    summary: 'The security audit log',
    description: `Newest first. The caller's own events: those they did, those done to their account (by an admin too), and those of their servers, their keys and their agents (kept after the server is deleted). Admins: \`all=true\` for everyone's, \`actor\` / \`subject\` to filter everyone's by id; anyone else using those gets 403 "${ADMIN_REQUIRED}". Failed logins and refused agents repeated from one address within half a second are one row with a \`count\`. Actions: ${ACTIONS}.`,
  })
  @ApiOkResponse({ type: PageOf(AuditEventDto) })
  @ApiErrors(403, 422)
  list(
    @CurrentUser() caller: Principal,
    @Query() query: AuditQueryDto,
  ): Promise<Page<AuditEventDto>> {
    return this.reader.list(caller, query);
  }

  @Get('export')
  @ApiOperation({
    summary: 'Export the audit log as NDJSON',
    description: `One event per line (the shape of \`GET /audit\`'s items), oldest first, streamed as it is read (the server holds one batch of 1,000 at a time, whatever the size). Admins export everyone's events; other users their own. Same filters as \`GET /audit\` (\`action\`, \`since\`, \`until\`; admins' \`actor\`, \`subject\`), no paging. Events recorded after the export began are not included.`,
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    description: 'Newline-delimited JSON: one AuditEvent per line.',
    content: { 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  @ApiErrors(403, 422)
  export(@CurrentUser() caller: Principal, @Query() filter: AuditFilterDto): StreamableFile {
    const lines = async function* (events: AsyncGenerator<AuditEventDto>) {
      for await (const event of events) yield `${JSON.stringify(event)}\n`;
    };
    const events = this.reader.export(caller, filter);
    return new StreamableFile(Readable.from(lines(events)), {
      type: 'application/x-ndjson; charset=utf-8',
      disposition: 'attachment; filename="audit.ndjson"',
    });
  }
}

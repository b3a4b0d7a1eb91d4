import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID, Matches, ValidateBy } from 'class-validator';
import { ADMIN_REQUIRED } from '../../common/access.js';
import { MESSAGES, Text } from '../../common/fields.js';
import { PageQueryDto } from '../../common/pagination.js';

const QUERY_BOOLEANS: Record<string, boolean> = { true: true, false: false };

/** An ISO-8601 date-time PostgreSQL can hold (years 1970–9999). */
const IsAuditTime = () =>
  ValidateBy({
    name: 'isAuditTime',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || value.length > 40) return false;
        if (
          !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(
            value,
          )
        )
          return false;
        const time = Date.parse(value);
        return Number.isFinite(time) && time >= 0 && time < Date.UTC(10000, 0, 1);
      },
      defaultMessage: () => 'Input should be a valid ISO-8601 datetime',
    },
  });

const TIME_DOC = {
  type: String,
  format: 'date-time',
  example: '2026-12-01T00:00:00.000Z',
} as const;

/** The filters of the audit log's views (API.md §12). */
export class AuditFilterDto {
  @Text({
    max: 64,
    presence: 'optional',
    trim: true,
    example: 'auth.login',
    description:
      'An action (`auth.login.failed`), or a kind: the first parts of actions (`auth.login` matches `auth.login.succeeded`, `auth.login.failed`…; `api_key` every key event).',
  })
  @Matches(/^[a-z_]+(\.[a-z_]+)*$/, { message: 'Input should be an action or a kind of action' })
  action?: string;

  @ApiPropertyOptional({ ...TIME_DOC, description: 'Events at or after this time.' })
  @IsOptional()
  @IsAuditTime()
  since?: string;

  @ApiPropertyOptional({ ...TIME_DOC, description: 'Events before this time.' })
  @IsOptional()
  @IsAuditTime()
  until?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "One server's events: the server's own (created, updated, deleted), its API keys' and its agents'. Within the caller's events (a server of theirs), or everyone's for an admin with `all=true`.",
  })
  @IsOptional()
  @IsUUID('all', { message: 'Input should be a valid UUID' })
  server?: string;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: `Admins only: everyone's events. A non-admin passing it (or \`actor\`, \`subject\`) gets 403 "${ADMIN_REQUIRED}".`,
  })
  @Transform(({ value }) =>
    typeof value === 'string' && Object.hasOwn(QUERY_BOOLEANS, value)
      ? QUERY_BOOLEANS[value]
      : value,
  )
  @IsOptional()
  @IsBoolean(MESSAGES.boolean)
  all?: boolean;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Admins only: events whose actor is this user (or agent key) id, across everyone's log.",
  })
  @IsOptional()
  @IsUUID('all', { message: 'Input should be a valid UUID' })
  actor?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Admins only: events whose subject is this id (a user, server, API key, session…), across everyone's log.",
  })
  @IsOptional()
  @IsUUID('all', { message: 'Input should be a valid UUID' })
  subject?: string;
}

/** `GET /audit`: a page of the filtered log. */
export class AuditQueryDto extends IntersectionType(PageQueryDto, AuditFilterDto) {}

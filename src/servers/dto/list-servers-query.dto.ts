import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ADMIN_REQUIRED } from '../../common/access.js';
import { MESSAGES, Text } from '../../common/fields.js';
import { PageQueryDto } from '../../common/pagination.js';

export const SERVER_STATUSES = ['online', 'offline'] as const;
export type ServerStatus = (typeof SERVER_STATUSES)[number];

/** Query strings only carry text: "true"/"false" become booleans, anything else stays to fail. */
const QUERY_BOOLEANS: Record<string, boolean> = { true: true, false: false };

export class ListServersQueryDto extends PageQueryDto {
  @Text({
    max: 100,
    presence: 'optional',
    trim: true,
    example: 'web',
    description: 'Case-insensitive substring of the name, hostname or description.',
  })
  search?: string;

  @ApiPropertyOptional({
    enum: SERVER_STATUSES,
    description: 'Only servers with an agent connected (online) or none (offline).',
  })
  @IsOptional()
  @IsIn(SERVER_STATUSES, { message: "Input should be 'online' or 'offline'" })
  status?: ServerStatus;

  @Text({
    max: 50,
    presence: 'optional',
    trim: true,
    example: 'prod',
    description: 'Only servers carrying exactly this tag.',
  })
  tag?: string;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: `Admins only: every user's servers. A non-admin passing \`true\` gets 403 "${ADMIN_REQUIRED}".`,
  })
  @Transform(({ value }) =>
    typeof value === 'string' && Object.hasOwn(QUERY_BOOLEANS, value)
      ? QUERY_BOOLEANS[value]
      : value,
  )
  @IsOptional()
  @IsBoolean(MESSAGES.boolean)
  all?: boolean;
}

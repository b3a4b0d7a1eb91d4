import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ADMIN_REQUIRED } from '../../common/access.js';
import { PageQueryDto } from '../../common/pagination.js';
import { Trim } from '../../common/trim.decorator.js';

export const SERVER_STATUSES = ['online', 'offline'] as const;
export type ServerStatus = (typeof SERVER_STATUSES)[number];

/** Query strings only carry text: "true"/"false" become booleans, anything else stays to fail. */
const QUERY_BOOLEANS: Record<string, boolean> = { true: true, false: false };

export class ListServersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    maxLength: 100,
    example: 'web',
    description: 'Case-insensitive substring of the name, hostname or description.',
  })
  @Trim()
  @IsOptional()
  @IsString({ message: 'Input should be a valid string' })
  @MaxLength(100, { message: 'String should have at most 100 characters' })
  search?: string;

  @ApiPropertyOptional({
    enum: SERVER_STATUSES,
    description: 'Only servers with an agent connected (online) or none (offline).',
  })
  @IsOptional()
  @IsIn(SERVER_STATUSES, { message: "Input should be 'online' or 'offline'" })
  status?: ServerStatus;

  @ApiPropertyOptional({ example: 'prod', description: 'Only servers carrying exactly this tag.' })
  @Trim()
  @IsOptional()
  @IsString({ message: 'Input should be a valid string' })
  @MaxLength(50, { message: 'String should have at most 50 characters' })
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
  @IsBoolean({ message: 'Input should be a valid boolean' })
  all?: boolean;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { MESSAGES, Text } from '../../common/fields.js';
import { Omittable } from '../../common/omittable.decorator.js';
import { PageQueryDto } from '../../common/pagination.js';

export class ListUsersQueryDto extends PageQueryDto {
  @Text({
    max: 100,
    presence: 'optional',
    trim: true,
    description: 'Case-insensitive match on username, email or full name.',
  })
  search?: string;
}

export class AdminUpdateUserDto {
  @ApiPropertyOptional({ description: 'false disables the account and ends its sessions.' })
  @Omittable()
  @IsBoolean(MESSAGES.boolean)
  is_active?: boolean;

  @ApiPropertyOptional({ description: 'The last active admin cannot lose the flag (409).' })
  @Omittable()
  @IsBoolean(MESSAGES.boolean)
  is_admin?: boolean;
}

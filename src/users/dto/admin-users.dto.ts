import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { Omittable } from '../../common/omittable.decorator.js';
import { Trim } from '../../common/trim.decorator.js';

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Case-insensitive match on username, email or full name.',
    maxLength: 100,
  })
  @Trim()
  @IsOptional()
  @IsString({ message: 'Input should be a valid string' })
  @MaxLength(100, { message: 'String should have at most 100 characters' })
  search?: string;
}

export class AdminUpdateUserDto {
  @ApiPropertyOptional({ description: 'false disables the account and ends its sessions.' })
  @Omittable()
  @IsBoolean({ message: 'Input should be a valid boolean' })
  is_active?: boolean;

  @ApiPropertyOptional({ description: 'The last active admin cannot lose the flag (409).' })
  @Omittable()
  @IsBoolean({ message: 'Input should be a valid boolean' })
  is_admin?: boolean;
}

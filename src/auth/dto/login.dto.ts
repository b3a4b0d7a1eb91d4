import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { Text } from '../../common/fields.js';

/** OAuth2 password-grant form (also accepted as JSON). */
export class LoginDto {
  @Text({ min: 1, max: 254, description: 'Username or email.', example: 'herman_fan' })
  username: string;

  @Text({ min: 1, max: 1024, format: 'password', example: 'SecurePassword123!' })
  password: string;

  @ApiProperty({
    required: false,
    enum: ['password'],
    description: 'OAuth2 form field; when sent it must be "password" (the only grant offered).',
    example: 'password',
  })
  @IsOptional()
  @IsIn(['password'], { message: "Input should be 'password'" })
  grant_type?: string;

  @ApiProperty({ required: false, description: 'OAuth2 form field; ignored.' })
  @IsOptional()
  @IsString()
  scope?: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** OAuth2 password-grant form (also accepted as JSON). */
export class LoginDto {
  @ApiProperty({ description: 'Username or email.', example: 'herman_fan' })
  @IsString({ message: 'Input should be a valid string' })
  @IsNotEmpty({ message: 'String should have at least 1 character' })
  @MaxLength(254, { message: 'String should have at most 254 characters' })
  username: string;

  @ApiProperty({ format: 'password', example: 'SecurePassword123!' })
  @IsString({ message: 'Input should be a valid string' })
  @IsNotEmpty({ message: 'String should have at least 1 character' })
  @MaxLength(1024, { message: 'String should have at most 1024 characters' })
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

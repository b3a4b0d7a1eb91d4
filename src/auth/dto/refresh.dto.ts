import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class RefreshDto {
  @ApiProperty({
    required: false,
    description:
      'The refresh token from login, register or the previous refresh. Required, unless the request sends `X-Refresh-Cookie: 1` and the refresh cookie.',
  })
  @IsString({ message: 'Input should be a valid string' })
  @IsNotEmpty({ message: 'String should have at least 1 character' })
  @MaxLength(4096, { message: 'String should have at most 4096 characters' })
  refresh_token: string;
}

export class LogoutDto {
  @ApiProperty({
    required: false,
    description: 'Optional; the session is the one of the bearer token either way.',
  })
  @IsOptional()
  @IsString({ message: 'Input should be a valid string' })
  @MaxLength(4096, { message: 'String should have at most 4096 characters' })
  refresh_token?: string;
}

import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { UserDto } from '../../users/user.dto.js';
import { AUTH_METHODS, type AuthMethod } from '../session.entity.js';

export class TokenPairDto {
  @ApiProperty({ description: 'JWT (HS256) for `Authorization: Bearer …`.' })
  access_token: string;
  @ApiProperty({
    required: false,
    description:
      'JWT for POST /auth/refresh; rotated on every use. Absent when the request sent `X-Refresh-Cookie: 1`: the token is then in an httpOnly cookie.',
  })
  refresh_token?: string;
  @ApiProperty({ example: 'bearer', enum: ['bearer'] })
  token_type: 'bearer';
  @ApiProperty({ example: 1800, description: 'Seconds until the access token expires.' })
  expires_in: number;
}

/**
 * The new user's fields at the top level (the W.W.H.D. document answers the bare user object), the
 * same again under `user` (the ChatOps shape), and the first session's tokens (API.md §2).
 */
export class RegisteredDto extends IntersectionType(UserDto, TokenPairDto) {
  @ApiProperty({ type: UserDto, description: 'The same user fields, in the ChatOps shape.' })
  user: UserDto;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'date-time' })
  created_at: string;
  @ApiProperty({ format: 'date-time' })
  last_used_at: string;
  @ApiProperty({ nullable: true, type: String })
  user_agent: string | null;
  @ApiProperty({ nullable: true, type: String })
  ip: string | null;
  @ApiProperty({ description: 'True for the session of the token making this request.' })
  current: boolean;
  @ApiProperty({
    enum: AUTH_METHODS,
    description: 'How the session was established: the factors its sign-in presented.',
  })
  auth_method: AuthMethod;
}

export class SessionListDto {
  @ApiProperty({ type: [SessionDto] })
  items: SessionDto[];
}

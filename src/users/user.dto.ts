import { ApiProperty } from '@nestjs/swagger';
import type { User } from './user.entity.js';

/** The user as every route shows it: the ChatOps fields plus W.W.H.D.'s (API.md §2). */
export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'user@example.com' })
  email: string;
  @ApiProperty({ example: 'herman_fan' })
  username: string;
  @ApiProperty({ example: 'Herman Fan', nullable: true, type: String })
  full_name: string | null;
  @ApiProperty()
  is_active: boolean;
  @ApiProperty()
  is_admin: boolean;
  @ApiProperty({
    description:
      'Whether the address was proven by a link sent to it (always true for accounts made before verification existed).',
  })
  email_verified: boolean;
  @ApiProperty({ format: 'date-time' })
  created_at: string;
}

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    full_name: user.fullName,
    is_active: user.isActive,
    is_admin: user.isAdmin,
    email_verified: user.emailVerifiedAt !== null && user.emailVerifiedAt !== undefined,
    created_at: user.createdAt.toISOString(),
  };
}

/** PATCH /users/me: the user, and the address waiting for its confirmation link (202). */
export class ProfileUpdateDto extends UserDto {
  @ApiProperty({
    required: false,
    example: 'new@example.com',
    description:
      'Present (with status 202) when a new email was asked for: it takes effect once the link mailed to it is opened.',
  })
  pending_email?: string;
}

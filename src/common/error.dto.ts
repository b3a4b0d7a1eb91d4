import { ApiProperty } from '@nestjs/swagger';

export class ErrorDto {
  @ApiProperty({ example: 'Not authenticated', description: 'What went wrong, for people.' })
  detail: string;
}

export class FieldErrorDto {
  @ApiProperty({ example: 'string_too_short' })
  type: string;
  @ApiProperty({
    example: ['body', 'password'],
    type: 'array',
    items: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
  })
  loc: (string | number)[];
  @ApiProperty({ example: 'String should have at least 8 characters' })
  msg: string;
  @ApiProperty({ required: false, description: 'The rejected value; omitted for secret fields.' })
  input?: unknown;
}

export class ValidationErrorDto {
  @ApiProperty({ type: [FieldErrorDto] })
  detail: FieldErrorDto[];
}

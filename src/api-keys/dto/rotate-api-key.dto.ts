import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_GRACE_SECONDS = 86_400;

export class RotateApiKeyDto {
  @ApiProperty({
    required: false,
    type: 'integer',
    minimum: 0,
    maximum: MAX_GRACE_SECONDS,
    default: 0,
    example: 300,
    description:
      'How long the old key keeps working, in seconds (0: revoked at once; at most one day).',
  })
  @IsOptional()
  @IsInt({ message: 'Input should be a valid integer' })
  @Min(0, { message: 'Input should be greater than or equal to 0' })
  @Max(MAX_GRACE_SECONDS, { message: `Input should be less than or equal to ${MAX_GRACE_SECONDS}` })
  grace_period_seconds?: number;
}

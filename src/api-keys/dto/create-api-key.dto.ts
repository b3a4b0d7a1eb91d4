import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsOptional, ValidateBy } from 'class-validator';
import { Text } from '../../common/fields.js';
import { SingleLineText } from '../../common/text-hygiene.js';

/** A date-time that has not passed yet (checked when the request is validated). */
const IsInFuture = () =>
  ValidateBy({
    name: 'isInFuture',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && Date.parse(value) > Date.now(),
      defaultMessage: () => 'Expiry must be in the future',
    },
  });

export class CreateApiKeyDto {
  @Text({
    min: 1,
    max: 100,
    trim: true,
    example: 'prod agent',
    description: 'A label for people; trimmed; need not be unique.',
  })
  // Below Text, so it is checked first (a long name with an invisible character names the latter).
  @SingleLineText()
  name: string;

  @ApiProperty({
    required: false,
    nullable: true,
    type: String,
    format: 'date-time',
    example: '2027-01-01T00:00:00.000Z',
    description:
      'When the key stops working by itself: an ISO-8601 date-time in the future (422 otherwise). Omit for a key that does not expire.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Input should be a valid ISO-8601 datetime' })
  @IsInFuture()
  expires_at?: string | null;
}

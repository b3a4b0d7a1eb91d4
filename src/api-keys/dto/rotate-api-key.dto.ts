import { Integer } from '../../common/fields.js';

export const MAX_GRACE_SECONDS = 86_400;

export class RotateApiKeyDto {
  @Integer({
    min: 0,
    max: MAX_GRACE_SECONDS,
    presence: 'optional',
    type: 'integer',
    default: 0,
    example: 300,
    description:
      'How long the old key keeps working, in seconds (0: revoked at once; at most one day).',
  })
  grace_period_seconds?: number;
}

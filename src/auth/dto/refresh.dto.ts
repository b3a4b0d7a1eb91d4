import { Text } from '../../common/fields.js';

const MAX_TOKEN_LENGTH = 4096;

export class RefreshDto {
  @Text({
    min: 1,
    max: MAX_TOKEN_LENGTH,
    // Cookie mode (X-Refresh-Cookie: 1) supplies it from the cookie.
    documentedRequired: false,
    description:
      'The refresh token from login, register or the previous refresh. Required, unless the request sends `X-Refresh-Cookie: 1` and the refresh cookie.',
  })
  refresh_token: string;
}

export class LogoutDto {
  @Text({
    max: MAX_TOKEN_LENGTH,
    presence: 'optional',
    description: 'Optional; the session is the one of the bearer token either way.',
  })
  refresh_token?: string;
}

import { applyDecorators, Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '../common/access.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ClientInfo } from '../common/client-info.decorator.js';
import { ErrorDto } from '../common/error.dto.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { RegisteredDto, TokenPairDto } from './dto/token.dto.js';
import { AuthRateLimitGuard } from './guards/auth-rate-limit.guard.js';
import { LocalAuthGuard } from './guards/local-auth.guard.js';
import { SECOND_FACTOR_RESPONSE } from './mfa/mfa.controller.js';
import { RefreshTokenCookie } from './refresh-cookie.js';
import {
  type ClientInfo as Client,
  type SessionOwner,
  SessionsService,
} from './sessions.service.js';
import { VerifiedAccount } from './strategies/local.strategy.js';

/**
 * /auth/login and /auth/token: the same credentials (LocalAuthGuard), answers and cookie mode.
 * (Listed in the order stacked decorators would apply, bottom first, so the document is unchanged.)
 */
const PasswordGrant = (summary: string, description: string) =>
  applyDecorators(
    ApiErrors(400, 401, 403, 422),
    ApiResponse({
      status: 403,
      type: ErrorDto,
      description:
        '`{"detail": "Account is disabled"}`, or with EMAIL_VERIFICATION=required `{"detail": "Email not verified"}` (both only after a right password)',
    }),
    ApiResponse(SECOND_FACTOR_RESPONSE),
    ApiOkResponse({ type: TokenPairDto }),
    ApiConsumes('application/x-www-form-urlencoded', 'application/json'),
    ApiOperation({ summary, description }),
    UseGuards(LocalAuthGuard),
    HttpCode(200),
    RefreshTokenCookie('issue'),
  );

/** Credential routes: public, and each rate limited per IP (and login per account). */
@ApiTags('auth')
@Public()
@UseGuards(AuthRateLimitGuard)
@ApiErrors(429)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('register')
  @RefreshTokenCookie('issue')
  @ApiOperation({
    summary: 'Create an account',
    description:
      "Accepts the ChatOps body (`password_confirm`, `full_name`) and the W.W.H.D. body (`name`). The first account on an empty database becomes admin. Returns the user's fields at the top level (as the W.W.H.D. document's clients read them), the same under `user` (the ChatOps shape), and a first session's tokens. Queues a verification mail (unless EMAIL_VERIFICATION=off); with EMAIL_VERIFICATION=required the answer has no tokens (nor a session) until the address is verified.",
  })
  @ApiCreatedResponse({ type: RegisteredDto })
  @ApiErrors(400, 409, 422)
  register(@Body() body: RegisterDto, @ClientInfo() client: Client): Promise<RegisteredDto> {
    return this.auth.register(body, client);
  }

  @Post('login')
  @PasswordGrant(
    'Log in (ChatOps name)',
    'Form-urlencoded `username=…&password=…` (or JSON); `username` may be the email. Starts a new session.',
  )
  login(
    @Body() _credentials: LoginDto,
    @VerifiedAccount() account: SessionOwner,
    @ClientInfo() client: Client,
  ): Promise<TokenPairDto> {
    return this.sessions.login(account, client);
  }

  @Post('token')
  @PasswordGrant(
    'OAuth2 password grant (W.W.H.D. name)',
    'Same as /auth/login; the endpoint behind Swagger UI\'s "Authorize".',
  )
  token(
    @Body() _credentials: LoginDto,
    @VerifiedAccount() account: SessionOwner,
    @ClientInfo() client: Client,
  ): Promise<TokenPairDto> {
    return this.sessions.login(account, client);
  }

  @Post('refresh')
  @RefreshTokenCookie('rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate a refresh token',
    description:
      'Returns new tokens and retires the one presented. Presenting a retired token again (after REFRESH_REUSE_LEEWAY) ends the whole session. An access token is refused here.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiErrors(400, 401, 422)
  refresh(@Body() body: RefreshDto, @ClientInfo() client: Client): Promise<TokenPairDto> {
    return this.sessions.refresh(body.refresh_token, client);
  }
}

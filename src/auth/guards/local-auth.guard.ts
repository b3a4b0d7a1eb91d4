import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { unprocessable } from '../../common/problem.js';
import { unstorableStringErrors, toFieldErrors } from '../../common/validation.pipe.js';
import { LoginDto } from '../dto/login.dto.js';

/**
 * Guards run before pipes, so the login body is validated here: a missing field is a 422 like on
 * every other route, not passport's bare "Missing credentials".
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ body?: unknown }>();
    const body =
      request.body && typeof request.body === 'object' && !Array.isArray(request.body)
        ? request.body
        : {};
    const credentials = plainToInstance(LoginDto, body);
    const errors = await validate(credentials, { validationError: { target: false, value: true } });
    if (errors.length) throw unprocessable(toFieldErrors(errors, 'body'));
    const unstorable = unstorableStringErrors(
      { username: credentials.username, password: credentials.password },
      'body',
    );
    if (unstorable.length) throw unprocessable(unstorable);
    request.body = body;
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error) throw error;
    return user;
  }
}

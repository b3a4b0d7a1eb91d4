import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ContractValidationPipe } from '../../common/validation.pipe.js';
import { LoginDto } from '../dto/login.dto.js';

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Passport's `local` strategy, on a body the application's own validation pipe has checked first:
 * guards run before pipes, and a missing field must be a 422 like on every other route, not
 * passport's bare "Missing credentials". The handler's `@Body()` then gets the same LoginDto.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  private readonly validation = new ContractValidationPipe();

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ body?: unknown }>();
    // A body that is no object (text, a JSON array) carries no credentials: each field is missing.
    request.body = await this.validation.transform(isObject(request.body) ? request.body : {}, {
      type: 'body',
      metatype: LoginDto,
    });
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error) throw error;
    return user;
  }
}

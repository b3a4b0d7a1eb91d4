import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  type CanActivate,
  Controller,
  Get,
  type INestApplication,
  Injectable,
  Module,
  UseGuards,
} from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Authenticated, Public } from './access.js';
import { AccessGuard } from './access.guard.js';
import { AccessRulesCheck } from './access-rules.check.js';

@Injectable()
class OtherGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Public()
@Controller('open')
class OpenController {
  @Get()
  read(): string {
    return 'open';
  }
}

@Authenticated()
@Controller('mixed')
class MixedController {
  @Public()
  @Get('public')
  read(): string {
    return 'public handler';
  }

  @Get('private')
  write(): string {
    return 'private';
  }

  /** Not a route: no rule needed. */
  helper(): void {}
}

@Controller('forgotten')
class ForgottenController {
  @Public()
  @Get('a')
  a(): string {
    return 'a';
  }

  @Get('b')
  b(): string {
    return 'b';
  }
}

@Authenticated()
@UseGuards(OtherGuard)
@Controller('above')
class AuthenticatedAbove {}

@UseGuards(OtherGuard)
@Authenticated()
@Controller('below')
class AuthenticatedBelow {}

async function appWith(...controllers: Array<new () => unknown>): Promise<NestFastifyApplication> {
  @Module({ imports: [DiscoveryModule], controllers, providers: [AccessRulesCheck] })
  class TestModule {}
  return NestFactory.create<NestFastifyApplication>(TestModule, new FastifyAdapter(), {
    logger: false,
    abortOnError: false,
  });
}

describe('access rules', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close().catch(() => undefined);
    app = undefined;
  });

  it('an application with a route that has neither @Public() nor @Authenticated() does not start, and the error names that route only', async () => {
    app = await appWith(OpenController, MixedController, ForgottenController);
    const started = app.init();
    await expect(started).rejects.toThrow(
      /HTTP routes without an access rule \(mark each @Public\(\) or @Authenticated\(\).*\): ForgottenController\.b$/,
    );
  });

  it('starts when every route has a rule, on its controller or on itself; a public route answers with no credentials, also inside an @Authenticated() controller', async () => {
    app = await appWith(OpenController, MixedController);
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();
    const answer = async (path: string) => {
      const response = await fetch(base + path);
      return [response.status, await response.text()];
    };
    expect(await answer('/open')).toEqual([200, 'open']);
    expect(await answer('/mixed/public')).toEqual([200, 'public handler']);
  });

  it('@Public() routes carry no guard; @Authenticated() puts the access guard first among the guards, on either side of @UseGuards', () => {
    expect(Reflect.getMetadata(GUARDS_METADATA, OpenController)).toBeUndefined();
    expect(Reflect.getMetadata(GUARDS_METADATA, AuthenticatedAbove)).toEqual([
      AccessGuard,
      OtherGuard,
    ]);
    expect(Reflect.getMetadata(GUARDS_METADATA, AuthenticatedBelow)).toEqual([
      AccessGuard,
      OtherGuard,
    ]);
  });
});

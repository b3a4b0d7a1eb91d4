import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { type Access, ACCESS_METADATA } from './access.guard.js';

/**
 * Refuses to start while an HTTP route has no access rule (common/access.ts): every controller
 * method that serves a route must be — itself or through its controller — `@Public()` or
 * `@Authenticated()`. Public routes carry no guard, so a route that says nothing would be open;
 * this check makes that a start-up error naming the route instead.
 */
@Injectable()
export class AccessRulesCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const unruled = this.routesWithoutRule();
    if (unruled.length) {
      throw new Error(
        `HTTP routes without an access rule (mark each @Public() or @Authenticated(), from src/common/access.ts): ${unruled.join(', ')}`,
      );
    }
  }

  /** `Controller.method` of every route handler with neither rule. */
  routesWithoutRule(): string[] {
    const unruled: string[] = [];
    for (const { metatype } of this.discovery.getControllers()) {
      if (typeof metatype !== 'function') continue;
      const controller = metatype as new () => unknown;
      const prototype = controller.prototype as Record<string, () => unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue; // not a route
        const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_METADATA, [
          handler,
          controller,
        ]);
        if (access === undefined) unruled.push(`${controller.name}.${name}`);
      }
    }
    return unruled;
  }
}

import { Injectable, OnModuleInit, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import { RoutePolicy } from '../policy/policy';
import { IS_PUBLIC_KEY, POLICY_KEY } from './metadata';
import { resourceLocatorToken } from './policy.guard';

/** One HTTP route of the app and the policy that governs it (undefined for a @Public route). */
export interface RouteWithPolicy {
  controller: string;
  handler: string;
  method: string;
  path: string;
  policy: RoutePolicy | undefined;
  isPublic: boolean;
}

function joinPath(...parts: Array<string | string[] | undefined>): string {
  const segs = parts
    .map((p) => (Array.isArray(p) ? p[0] : p))
    .filter((p): p is string => p !== undefined && p !== '' && p !== '/');
  return '/' + segs.map((p) => p.replace(/^\/+|\/+$/g, '')).join('/');
}

/**
 * Lists every route with its policy, and refuses to let the app start when a route has neither
 * `@Policy` nor `@Public`, or names a resource locator nobody registered. The authorization
 * matrix test reads the same list.
 */
@Injectable()
export class PolicyCoverage implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  routes(): RouteWithPolicy[] {
    const out: RouteWithPolicy[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      const type = wrapper.metatype as (new (...a: never[]) => unknown) | undefined;
      if (!instance || !type) continue;
      const base = Reflect.getMetadata(PATH_METADATA, type) as string | string[] | undefined;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const fn = (proto as Record<string, unknown>)[name] as (...a: unknown[]) => unknown;
        const path = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        if (path === undefined) continue; // a helper method, not a route
        const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod;
        const isPublic = !!this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [fn, type]);
        const policy = this.reflector.getAllAndOverride<RoutePolicy | undefined>(POLICY_KEY, [
          fn,
          type,
        ]);
        out.push({
          controller: type.name,
          handler: name,
          method: RequestMethod[method] ?? String(method),
          path: joinPath(base, path),
          policy,
          isPublic,
        });
      }
    }
    return out;
  }

  onModuleInit(): void {
    const problems: string[] = [];
    for (const r of this.routes()) {
      const where = `${r.method} ${r.path} (${r.controller}.${r.handler})`;
      if (r.isPublic && r.policy) problems.push(`${where} is both @Public and has a @Policy`);
      else if (!r.isPublic && !r.policy) problems.push(`${where} has no authorization @Policy`);
      const target = r.policy?.target;
      if (target && 'idParam' in target) {
        try {
          this.moduleRef.get(resourceLocatorToken(r.policy!.resource), { strict: false });
        } catch {
          problems.push(`${where} needs a resource locator for "${r.policy!.resource}"`);
        }
      }
    }
    if (problems.length) throw new Error(`authorization: ${problems.join('; ')}`);
  }
}

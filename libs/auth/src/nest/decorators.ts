import {
  createParamDecorator,
  CustomDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { Principal } from '../principal';
import { checkPolicy, RoutePolicy } from '../policy/policy';
import { unauthorizedProblem } from '../problem';
import { httpRequest } from './request';
import type { AccessContext, PolicyRequest } from './policy.guard';

import { IS_PUBLIC_KEY, POLICY_KEY } from './metadata';

export { IS_PUBLIC_KEY, POLICY_KEY };

/** Skips authentication for a route or controller (health, metrics, API docs). */
export const Public = (): CustomDecorator<string> => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * The route's authorization policy: who may do what to which resource, and how far (see
 * RoutePolicy). Checked when the module loads, enforced by PolicyGuard. There is no other way to
 * authorize a route: a route with neither @Policy nor @Public stops the app at start-up.
 */
export function Policy(policy: RoutePolicy): CustomDecorator<string> {
  checkPolicy(policy, `${policy.action ?? '?'} ${policy.resource ?? '?'}`);
  return SetMetadata(POLICY_KEY, Object.freeze({ ...policy }));
}

/**
 * Injects the authenticated Principal. On a route without a principal (a @Public one) it
 * answers 401 instead of handing the handler `undefined`.
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = httpRequest(context).principal;
    if (!principal) throw unauthorizedProblem('authentication required');
    return principal;
  },
);

/** Injects what PolicyGuard decided for this request (principal, scope, checker). */
export const Access = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AccessContext => {
    const access = (httpRequest(context) as PolicyRequest).access;
    if (!access) throw unauthorizedProblem('authentication required');
    return access;
  },
);

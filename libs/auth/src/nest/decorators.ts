import {
  createParamDecorator,
  CustomDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { Principal } from '../principal';
import { unauthorizedProblem } from '../problem';
import { Role } from '../roles';
import { httpRequest } from './request';

export const IS_PUBLIC_KEY = 'qn:auth:public';
export const ROLES_KEY = 'qn:auth:roles';

/** Skips authentication for a route or controller (health, metrics, API docs). */
export const Public = (): CustomDecorator<string> => SetMetadata(IS_PUBLIC_KEY, true);

/** Allows the route only to principals holding at least one of the roles (else 403). */
export function Roles(...roles: Role[]): CustomDecorator<string> {
  // An empty list would read as "no restriction" to one person and "nobody" to another.
  if (roles.length === 0) throw new Error('@Roles() needs at least one role');
  return SetMetadata(ROLES_KEY, roles);
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

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasAnyRole } from '../principal';
import { forbiddenProblem, unauthorizedProblem } from '../problem';
import { Role } from '../roles';
import { ROLES_KEY } from './decorators';
import { httpRequest } from './request';

/** Enforces @Roles(...): 403 when the principal holds none of the listed roles. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required) return true;
    if (context.getType() !== 'http') return false;
    const principal = httpRequest(context).principal;
    // No principal here means JwtAuthGuard did not run or the route is also @Public: fail closed.
    if (!principal) throw unauthorizedProblem('authentication required');
    if (!hasAnyRole(principal, required)) {
      throw forbiddenProblem(`requires one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}

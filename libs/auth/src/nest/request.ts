import { ExecutionContext } from '@nestjs/common';
import { Principal } from '../principal';

/** The part of an HTTP request the guards use; kept minimal so no express types are needed. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

export function httpRequest(context: ExecutionContext): AuthenticatedRequest {
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}

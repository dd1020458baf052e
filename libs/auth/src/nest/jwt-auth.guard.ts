import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { KeySourceUnavailableError, TokenRejectedError } from '../errors';
import { JwtVerifier } from '../jwt-verifier';
import { serviceUnavailableProblem, unauthorizedProblem } from '../problem';
import { IS_PUBLIC_KEY } from './metadata';
import { httpRequest } from './request';

interface HeaderSettable {
  setHeader?(name: string, value: string): unknown;
}

const BEARER = /^Bearer[ ]+([A-Za-z0-9\-_.~+/]+=*)[ ]*$/i;

/**
 * Requires a valid `Authorization: Bearer <jwt>` unless the route is @Public. Registered as a
 * global guard by AuthModule, so forgetting a decorator means "protected", never "open".
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (
      this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
        context.getHandler(),
        context.getClass(),
      ])
    ) {
      return true;
    }
    // Only HTTP carries a bearer token; other transports must opt out explicitly with @Public.
    if (context.getType() !== 'http') return false;

    const request = httpRequest(context);
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) {
      this.challenge(context, 'Bearer');
      throw unauthorizedProblem(
        header === undefined
          ? 'missing bearer token'
          : 'Authorization header is not a bearer token',
      );
    }

    try {
      request.principal = await this.verifier.verify(match[1] as string);
      return true;
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        this.challenge(context, 'Bearer error="invalid_token"');
        throw unauthorizedProblem(error.reason);
      }
      if (error instanceof KeySourceUnavailableError) {
        throw serviceUnavailableProblem('token verification keys are temporarily unavailable');
      }
      throw error;
    }
  }

  /** RFC 6750: a 401 for a bearer-protected resource carries WWW-Authenticate. */
  private challenge(context: ExecutionContext, value: string): void {
    const response = context.switchToHttp().getResponse<HeaderSettable>();
    response.setHeader?.('WWW-Authenticate', value);
  }
}

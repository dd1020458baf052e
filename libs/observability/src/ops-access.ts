import { createHash, timingSafeEqual } from 'node:crypto';
import {
  forbiddenProblem,
  JwtVerifier,
  KeySourceUnavailableError,
  Role,
  serviceUnavailableProblem,
  TokenRejectedError,
  unauthorizedProblem,
} from '@qn/auth';

/** Who may read an operations endpoint (/metrics, /docs). */
export interface OpsAccess {
  /** Anyone, without a token. */
  public: boolean;
  /** A shared secret sent as `Authorization: Bearer <token>` (e.g. by Prometheus). */
  staticToken?: string;
}

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;
const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Lets the request through when the endpoint is public, when it carries the static token, or
 * when it carries a valid platform token of the province role (the department's operators);
 * otherwise throws 401 (no or bad token) or 403 (a valid token of another role).
 */
export async function checkOpsAccess(
  authorization: string | undefined,
  access: OpsAccess,
  verifier: JwtVerifier | undefined,
): Promise<void> {
  if (access.public) return;
  const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  if (token === undefined) throw unauthorizedProblem('missing bearer token');
  // Compared as digests: equal length, constant time, whatever the caller sent.
  if (access.staticToken && timingSafeEqual(digest(token), digest(access.staticToken))) return;
  if (!verifier) throw unauthorizedProblem('token is not accepted here');
  try {
    const principal = await verifier.verify(token);
    if (!principal.roles.includes(Role.Province)) {
      throw forbiddenProblem('only the province role may read this');
    }
  } catch (error) {
    if (error instanceof TokenRejectedError) throw unauthorizedProblem(error.reason);
    if (error instanceof KeySourceUnavailableError) {
      throw serviceUnavailableProblem('token verification keys are temporarily unavailable');
    }
    throw error;
  }
}

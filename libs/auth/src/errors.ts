/**
 * The token was presented but cannot be trusted or understood (bad signature, expired, wrong
 * audience, unknown role...). `reason` is safe to show to the caller: it never contains the
 * token or key material.
 */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';

  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

/**
 * The verification keys could not be obtained (JWKS endpoint down, timed out, returned garbage).
 * Kept apart from TokenRejectedError because it is our outage, not the caller's fault: the guard
 * answers 503 so clients retry instead of discarding a valid token.
 */
export class KeySourceUnavailableError extends Error {
  override readonly name = 'KeySourceUnavailableError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The AuthConfig cannot work; thrown at start-up so a misconfigured service never serves. */
export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
}

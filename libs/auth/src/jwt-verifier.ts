import type { KeyObject } from 'node:crypto';
import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import {
  AuthConfig,
  CLOCK_TOLERANCE_SECONDS,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  KeySource,
  resolveKeySource,
} from './auth-config';
import { KeySourceUnavailableError, TokenRejectedError } from './errors';
import { Principal, principalFromClaims } from './principal';

/**
 * Verifies bearer tokens and turns them into Principals. Usable without Nest (e.g. in a
 * WebSocket handshake or a CLI). The constructor validates the config, so a bad config fails
 * at start-up rather than on the first request.
 */
export class JwtVerifier {
  private readonly key: Uint8Array | KeyObject | JWTVerifyGetKey;
  private readonly options: JWTVerifyOptions;
  private readonly maxLifetimeSeconds: number;
  /**
   * Tokens already verified, with the principal they gave: a dashboard or an integration
   * client sends the same bearer token on every request, and verifying its signature again
   * (HMAC or RSA through WebCrypto) was a large share of a cached answer's CPU. An entry lives
   * until the token expires, and at most VERIFIED_TOKEN_TTL_MS, so a key withdrawn from the
   * JWKS stops working within that time. Only tokens that passed verification are kept; the map
   * is bounded (oldest entries go first).
   */
  private readonly verified = new Map<string, { principal: Principal; until: number }>();

  constructor(
    config: AuthConfig,
    private readonly now: () => number = Date.now,
  ) {
    const source = resolveKeySource(config);
    this.key = keyFor(source);
    this.maxLifetimeSeconds = config.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
    this.options = {
      algorithms: [...source.algorithms],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      // A token without expiry would be valid forever once leaked.
      requiredClaims: ['exp', 'sub'],
      ...(config.issuer ? { issuer: config.issuer } : {}),
      ...(config.audience ? { audience: config.audience } : {}),
    };
  }

  /** @throws TokenRejectedError (caller's problem, 401) or KeySourceUnavailableError (ours, 503). */
  async verify(token: string): Promise<Principal> {
    const now = this.now();
    const known = this.verified.get(token);
    if (known) {
      if (now < known.until) return known.principal;
      this.verified.delete(token);
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        ...this.options,
        currentDate: new Date(now),
      }));
    } catch (error) {
      throw toVerificationError(error);
    }
    // A token valid for days or years stays usable long after it leaks; the issuer must keep
    // them short. Measured from iat when present, else from now.
    const exp = payload.exp as number;
    const from = typeof payload.iat === 'number' ? payload.iat : Math.floor(now / 1000);
    if (exp - from > this.maxLifetimeSeconds + CLOCK_TOLERANCE_SECONDS) {
      throw new TokenRejectedError(
        `token lifetime exceeds the accepted maximum of ${this.maxLifetimeSeconds} s`,
      );
    }
    const principal = freezePrincipal(principalFromClaims(payload));
    // jose accepts the token until exp + the clock tolerance; the cache never goes further.
    const until = Math.min(
      now + VERIFIED_TOKEN_TTL_MS,
      ((payload.exp as number) + CLOCK_TOLERANCE_SECONDS) * 1000,
    );
    if (this.verified.size >= MAX_VERIFIED_TOKENS) {
      this.verified.delete(this.verified.keys().next().value as string);
    }
    this.verified.set(token, { principal, until });
    return principal;
  }
}

/** How long a verified token is trusted without checking its signature again. */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
/** At most this many verified tokens are remembered per verifier. */
export const MAX_VERIFIED_TOKENS = 10_000;

// The same principal object serves many requests: nobody may change it.
function freezePrincipal(p: Principal): Principal {
  Object.freeze(p.roles);
  return Object.freeze(p);
}

function keyFor(source: KeySource): Uint8Array | KeyObject | JWTVerifyGetKey {
  switch (source.kind) {
    case 'hmac':
      return source.secret;
    case 'pem':
      return source.key;
    case 'jwks': {
      // jose caches the key set, refetches on an unknown `kid` (with a cooldown) and times out.
      const jwks = createRemoteJWKSet(source.url, { timeoutDuration: 5000 });
      return async (header, token) => {
        try {
          return await jwks(header, token);
        } catch (error) {
          // These come from the token (unknown kid, odd header), everything else from fetching.
          if (
            error instanceof errors.JWKSNoMatchingKey ||
            error instanceof errors.JWKSMultipleMatchingKeys ||
            error instanceof errors.JOSENotSupported
          ) {
            throw error;
          }
          throw new KeySourceUnavailableError(
            'signing keys could not be fetched from the JWKS endpoint',
            { cause: error },
          );
        }
      };
    }
  }
}

function toVerificationError(error: unknown): Error {
  if (error instanceof KeySourceUnavailableError || error instanceof TokenRejectedError)
    return error;
  if (error instanceof errors.JWTExpired)
    return new TokenRejectedError('token has expired', { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new TokenRejectedError(`claim "${error.claim}" is invalid: ${error.reason}`, {
      cause: error,
    });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenRejectedError('token signature is invalid', { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new TokenRejectedError('token algorithm is not accepted', { cause: error });
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new TokenRejectedError('no known key matches the token', { cause: error });
  }
  if (error instanceof errors.JOSEError) {
    return new TokenRejectedError('token is malformed', { cause: error });
  }
  // jose throws TypeError for keys it cannot use with the token's algorithm (e.g. RSA key < 2048 bits).
  return new TokenRejectedError('token could not be verified', { cause: error });
}

import type { ServiceConfig } from '@qn/config';

/** The HTTP hardening settings a service runs with, from its validated configuration. */
export interface HttpSettings {
  jsonLimit: number;
  textLimit: number;
  maxDepth: number;
  corsOrigins: string[];
  rateLimit: { enabled: boolean; limit: number; windowSeconds: number };
  docsPublic: boolean;
  /** Express's `trust proxy` (TRUST_PROXY); undefined: the connection's address. */
  trustProxy: number | string[] | undefined;
}

type HttpConfig = Partial<
  Pick<
    ServiceConfig,
    | 'HTTP_BODY_LIMIT'
    | 'HTTP_TEXT_BODY_LIMIT'
    | 'HTTP_JSON_MAX_DEPTH'
    | 'CORS_ALLOWED_ORIGINS'
    | 'RATE_LIMIT_ENABLED'
    | 'RATE_LIMIT_PER_ROUTE'
    | 'RATE_LIMIT_WINDOW'
    | 'DOCS_PUBLIC'
    | 'TRUST_PROXY'
  >
>;

/** Defaults match libs/config's, for apps given a hand-made config. */
export function httpSettings(c: HttpConfig): HttpSettings {
  return {
    jsonLimit: c.HTTP_BODY_LIMIT ?? 1024 * 1024,
    textLimit: c.HTTP_TEXT_BODY_LIMIT ?? 50 * 1024 * 1024,
    maxDepth: c.HTTP_JSON_MAX_DEPTH ?? 32,
    corsOrigins: c.CORS_ALLOWED_ORIGINS ?? [],
    rateLimit: {
      enabled: c.RATE_LIMIT_ENABLED ?? true,
      limit: c.RATE_LIMIT_PER_ROUTE ?? 6000,
      windowSeconds: c.RATE_LIMIT_WINDOW ?? 60,
    },
    docsPublic: c.DOCS_PUBLIC ?? false,
    trustProxy: c.TRUST_PROXY,
  };
}

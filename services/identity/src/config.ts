/**
 * The identity provider's settings, from the environment. It is the platform's LOCAL/DEMO OpenID
 * Provider: the province's own provider replaces it in production (services only need its
 * AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE).
 */
export interface IdentityConfig {
  port: number;
  /** Address to listen on (IDP_HOST, default 127.0.0.1: a demo provider stays on this machine). */
  host: string;
  /** `iss` of every token, and the base of every endpoint (IDP_ISSUER). */
  issuer: string;
  /** `aud` of the access tokens: what the services check (AUTH_AUDIENCE). */
  audience: string;
  /** Resource indicator (RFC 8707) the access tokens are issued for (an absolute URI). */
  resource: string;
  /** PEM P-256 private key; generated there when missing. Unset: a new key per start. */
  keyFile?: string;
  /** JSON array of people (see users.ts); read again on each sign-in. */
  usersFile?: string;
  /** JSON array of integration clients (see clients.ts). */
  clientsFile?: string;
  /** Where the dashboard may be sent back to (the public client `qn-dashboard`). */
  dashboardRedirectUris: string[];
  /**
   * Where the families' page may be sent back to (the public client `qn-family`). The same web app
   * serves both, so by default the dashboard's URIs.
   */
  familyRedirectUris: string[];
  accessTokenTtlSeconds: number;
  sessionTtlSeconds: number;
}

export function identityConfigFromEnv(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  const port = Number(env.PORT ?? 3010);
  const issuer = (env.IDP_ISSUER ?? `http://127.0.0.1:${port}`).replace(/\/$/, '');
  const seconds = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a number of seconds`);
    return n;
  };
  if (!Number.isSafeInteger(port) || port < 1) throw new Error('PORT must be a port number');
  try {
    new URL(issuer);
  } catch {
    throw new Error('IDP_ISSUER must be a URL');
  }
  const optional = (name: string) => (env[name] && env[name].trim() !== '' ? env[name] : undefined);
  return {
    port,
    host: env.IDP_HOST ?? '127.0.0.1',
    issuer,
    audience: env.AUTH_AUDIENCE ?? 'qn-edu-platform',
    resource: env.IDP_RESOURCE ?? 'urn:qn-edu:platform',
    keyFile: optional('IDP_KEY_FILE'),
    usersFile: optional('IDP_USERS_FILE'),
    clientsFile: optional('IDP_CLIENTS_FILE'),
    dashboardRedirectUris: uriList(env.IDP_DASHBOARD_REDIRECT_URIS ?? 'http://127.0.0.1:3008/'),
    familyRedirectUris: uriList(
      env.IDP_FAMILY_REDIRECT_URIS ?? env.IDP_DASHBOARD_REDIRECT_URIS ?? 'http://127.0.0.1:3008/',
    ),
    accessTokenTtlSeconds: seconds('IDP_ACCESS_TOKEN_TTL', 900),
    sessionTtlSeconds: seconds('IDP_SESSION_TTL', 3600),
  };
}

function uriList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

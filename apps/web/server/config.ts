import { upstreams, Upstream } from './upstreams';

/**
 * What the browser app is told at /config.json: where it signs people in. Never in the bundle.
 * Officials sign in at the province's provider (`oidc`); families at the people's sign-in
 * (`familyOidc`), by default the same provider with the families' client.
 */
export interface PublicConfig {
  oidc: { issuer: string; clientId: string } | null;
  familyOidc: { issuer: string; clientId: string } | null;
}

export interface WebServerConfig {
  port: number;
  host: string;
  /** The built app (dist/public). */
  root: string;
  upstreams: Upstream[];
  publicConfig: PublicConfig;
}

/** Settings from the environment; a bad one stops the server with a line naming it. */
export function webConfigFromEnv(
  env: Record<string, string | undefined>,
  root: string,
): WebServerConfig {
  const port = Number(env.PORT ?? 3008);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error('invalid configuration: PORT must be a port number');
  }
  const issuer = issuerFrom(env, 'OIDC_ISSUER');
  const familyIssuer = issuerFrom(env, 'FAMILY_OIDC_ISSUER') ?? issuer;
  for (const u of upstreams(env)) {
    try {
      new URL(u.target);
    } catch {
      throw new Error(`invalid configuration: the URL for ${u.prefix} must be a URL`);
    }
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    root,
    upstreams: upstreams(env),
    publicConfig: {
      oidc: issuer ? { issuer, clientId: env.OIDC_CLIENT_ID ?? 'qn-dashboard' } : null,
      familyOidc: familyIssuer
        ? { issuer: familyIssuer, clientId: env.FAMILY_OIDC_CLIENT_ID ?? 'qn-family' }
        : null,
    },
  };
}

function issuerFrom(env: Record<string, string | undefined>, name: string): string | undefined {
  const issuer = env[name]?.trim().replace(/\/$/, '');
  if (!issuer) return undefined;
  try {
    new URL(issuer);
  } catch {
    throw new Error(`invalid configuration: ${name} must be a URL`);
  }
  return issuer;
}

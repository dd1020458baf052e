import { createHash, randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from './service-process';

/**
 * An OpenID Connect client for tests, with fetch and a tiny cookie jar: authorization code with
 * PKCE (S256) through the identity provider's sign-in form, and client_credentials. It drives
 * the same endpoints a browser does (services/identity, or any provider with a username/password
 * form posting to `<interaction>/login`).
 */
export interface PkceSignIn {
  issuer: string;
  clientId: string;
  redirectUri: string;
  username: string;
  password: string;
  scope?: string;
}

export async function discovery(issuer: string): Promise<Record<string, string>> {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`discovery: ${res.status}`);
  return (await res.json()) as Record<string, string>;
}

/** Runs the whole code flow; returns the token response (access_token, id_token, expires_in…). */
export async function signInWithPkce(o: PkceSignIn): Promise<Record<string, unknown>> {
  const meta = await discovery(o.issuer);
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  const jar = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  };
  const authorize = new URL(meta.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: o.clientId,
    response_type: 'code',
    redirect_uri: o.redirectUri,
    scope: o.scope ?? 'openid profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  let res = await go(authorize.toString());
  let code: string | null = null;
  for (let hops = 0; hops < 10 && code === null; hops++) {
    if (res.status === 200 && /name="password"/.test(await res.clone().text())) {
      const html = await res.text();
      const path = /action="([^"]+)"/.exec(html)?.[1];
      if (!path) throw new Error('sign-in form without action');
      res = await go(new URL(path.replace(/&#47;/g, '/'), res.url || o.issuer).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: o.username, password: o.password }).toString(),
      });
      if (res.status === 401 || res.status === 403)
        throw new Error(`sign-in refused for ${o.username} (${res.status}): ${await res.text()}`);
      continue;
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) {
      throw new Error(`authorization flow stopped at ${res.status}: ${await res.text()}`);
    }
    const next = new URL(location, o.issuer);
    if (next.toString().startsWith(o.redirectUri)) {
      if (next.searchParams.get('state') !== state) throw new Error('state mismatch');
      code = next.searchParams.get('code');
      if (!code) throw new Error(`no code: ${next.searchParams.get('error')}`);
      break;
    }
    res = await go(next.toString());
  }
  if (!code) throw new Error('authorization flow did not reach the redirect URI');
  const token = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: o.clientId,
      redirect_uri: o.redirectUri,
    }).toString(),
  });
  const body = (await token.json()) as Record<string, unknown>;
  if (!token.ok) throw new Error(`token endpoint: ${token.status} ${JSON.stringify(body)}`);
  return body;
}

/** client_credentials with HTTP Basic client authentication. */
export async function clientCredentialsToken(o: {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}): Promise<Record<string, unknown>> {
  const meta = await discovery(o.issuer);
  const res = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: o.scope }).toString(),
  });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`token endpoint: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** A person of the local identity provider's users file (see services/identity/README.md). */
export interface TestIdpUser {
  username: string;
  password: string;
  roles: string[];
  orgUnitId: string | null;
  name?: string;
}

/**
 * Starts the local identity provider (services/identity/dist/main.js) as a process with these
 * users (scrypt hashes in a temporary users file) and clients; returns it with its issuer.
 */
export async function startIdentityProvider(o: {
  port: number;
  redirectUris: string[];
  users: TestIdpUser[];
  clients?: { client_id: string; client_secret: string; scopes: string[] }[];
  env?: Record<string, string>;
}): Promise<{ issuer: string; process: ServiceProcess; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'qn-idp-'));
  const usersFile = join(dir, 'users.json');
  const clientsFile = join(dir, 'clients.json');
  writeFileSync(
    usersFile,
    JSON.stringify(
      o.users.map((u) => {
        const salt = randomBytes(16);
        return {
          username: u.username,
          passwordHash: `scrypt$${salt.toString('base64url')}$${scryptSync(u.password, salt, 32).toString('base64url')}`,
          sub: `user-${u.username}`,
          name: u.name ?? u.username,
          roles: u.roles,
          org_unit_id: u.orgUnitId,
        };
      }),
    ),
  );
  writeFileSync(clientsFile, JSON.stringify(o.clients ?? []));
  const issuer = `http://127.0.0.1:${o.port}`;
  const idp = new ServiceProcess('identity', {
    PORT: String(o.port),
    IDP_ISSUER: issuer,
    AUTH_AUDIENCE: 'qn-edu-platform',
    IDP_USERS_FILE: usersFile,
    IDP_CLIENTS_FILE: clientsFile,
    IDP_DASHBOARD_REDIRECT_URIS: o.redirectUris.join(','),
    ...o.env,
  }).start();
  await idp.ready(issuer);
  return {
    issuer,
    process: idp,
    stop: async () => {
      await idp.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

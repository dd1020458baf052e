import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Provider, type ClientMetadata, type Configuration } from 'oidc-provider';
import { Role } from '@qn/auth';
import { readClients, INTEGRATION_SCOPES } from './clients';
import type { IdentityConfig } from './config';
import { loadSigningKey } from './keys';
import { findUser, passwordMatches } from './users';
import { loginPage, messagePage } from './views';

/** The dashboard: a public client (no secret), authorization code with PKCE S256. */
export const DASHBOARD_CLIENT_ID = 'qn-dashboard';
/**
 * The families' page: another public client. It stands for the people's sign-in (a citizen's
 * account, not a staff one): only accounts with the `family` role may sign in through it.
 */
export const FAMILY_CLIENT_ID = 'qn-family';

/** The browser clients (public, code + PKCE) and where each may be sent back to. */
function browserClients(config: IdentityConfig): Record<string, string[]> {
  return {
    [DASHBOARD_CLIENT_ID]: config.dashboardRedirectUris,
    [FAMILY_CLIENT_ID]: config.familyRedirectUris,
  };
}

const NOT_A_FAMILY_ACCOUNT_VI =
  'Tài khoản này không phải tài khoản phụ huynh: hãy đăng nhập bằng tài khoản phụ huynh học sinh.';

/** Whether this account may sign in through this client: the families' client takes families only. */
export function mayUseClient(clientId: string, roles: readonly string[]): boolean {
  return clientId !== FAMILY_CLIENT_ID || roles.includes(Role.Family);
}

/** Builds the OpenID Provider (oidc-provider) from the config. */
export async function buildProvider(config: IdentityConfig): Promise<Provider> {
  const signingKey = await loadSigningKey(config.keyFile);
  const integration = readClients(config.clientsFile);
  const names: Record<string, string> = {
    [DASHBOARD_CLIENT_ID]: 'Dashboard chỉ tiêu chuyển đổi số',
    [FAMILY_CLIENT_ID]: 'Cổng thông tin phụ huynh',
  };
  const browser = browserClients(config);
  const clients: ClientMetadata[] = [
    ...Object.entries(browser).map(([id, uris]): ClientMetadata => ({
      client_id: id,
      client_name: names[id],
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: uris,
      post_logout_redirect_uris: uris,
    })),
    ...integration.map((c): ClientMetadata => ({
      client_id: c.client_id,
      client_secret: c.client_secret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      // oidc-provider refuses an empty scope string: a demo operator (roles) may have none.
      ...(c.scopes.length ? { scope: c.scopes.join(' ') } : {}),
    })),
  ];

  const configuration: Configuration = {
    clients,
    jwks: { keys: [signingKey] },
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'profile', ...INTEGRATION_SCOPES],
    claims: { openid: ['sub'], profile: ['name'] },
    // S256 only (oidc-provider 9 knows no other method); required for every client using the code flow.
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Every access token is for the platform's APIs: a JWT (RFC 9068) with aud = AUTH_AUDIENCE.
        defaultResource: () => config.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource, client) => {
          if (resource !== config.resource) throw new Error('unknown resource');
          return {
            scope: client.clientId in browser ? 'openid' : (client.scope ?? ''),
            audience: config.audience,
            accessTokenTTL: config.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    clientBasedCORS: (_ctx, origin, client) =>
      (browser[client.clientId] ?? []).some((uri) => new URL(uri).origin === origin),
    // The claims the services read (libs/auth principalFromClaims).
    extraTokenClaims: (_ctx, token) => {
      if (token.kind === 'ClientCredentials') {
        const operator = integration.find((c) => c.client_id === token.clientId)?.roles;
        return { roles: operator ?? [Role.IntegrationClient], org_unit_id: null };
      }
      const user = findUser(config.usersFile, { sub: token.accountId as string });
      if (!user) return undefined;
      return { roles: user.roles, org_unit_id: user.org_unit_id, name: user.name };
    },
    findAccount: (_ctx, sub) => {
      const user = findUser(config.usersFile, { sub });
      if (!user) return undefined;
      return { accountId: sub, claims: () => ({ sub, name: user.name }) };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: config.accessTokenTtlSeconds,
      ClientCredentials: config.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: config.accessTokenTtlSeconds,
      Interaction: 600,
      Session: config.sessionTtlSeconds,
      Grant: config.sessionTtlSeconds,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = messagePage('Có lỗi xảy ra', `${out.error}: ${out.error_description ?? ''}`);
    },
  };
  return new Provider(config.issuer, configuration);
}

function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      data += chunk;
      if (data.length > 10_000) reject(new Error('body too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(data)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, html: string, formTargets = ''): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    // form-action also covers the redirects after the post: back to the client's redirect URI.
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${formTargets}`,
    'cache-control': 'no-store',
  });
  res.end(html);
}

/**
 * The interaction views (sign-in, and consent given on the user's behalf: every client here is the
 * platform's own), then the provider itself.
 */
export function requestHandler(provider: Provider, config: IdentityConfig) {
  const callback = provider.callback();
  const formTargets = [
    ...new Set(
      Object.values(browserClients(config))
        .flat()
        .map((u) => new URL(u).origin),
    ),
  ].join(' ');
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health/live' || url.pathname === '/health/ready') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(url.pathname);
    if (!m) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== m[1]) throw new Error('interaction mismatch');
      const client = await provider.Client.find(String(details.params.client_id));
      const clientName = client?.clientName ?? String(details.params.client_id);
      const action = `/interaction/${details.uid}/login`;
      if (details.prompt.name === 'login') {
        if (req.method !== 'POST' || !m[2])
          return send(res, 200, loginPage({ action, clientName }), formTargets);
        const form = await readBody(req);
        const username = form.get('username') ?? '';
        const user = findUser(config.usersFile, { username });
        const refuse = (status: number, error: string) =>
          send(res, status, loginPage({ action, clientName, username, error }), formTargets);
        // The password first (scrypt, once), so the page tells a stranger nothing about an account.
        if (!user || !passwordMatches(form.get('password') ?? '', user.passwordHash))
          return refuse(401, 'Tên đăng nhập hoặc mật khẩu không đúng.');
        if (!mayUseClient(String(details.params.client_id), user.roles))
          return refuse(403, NOT_A_FAMILY_ACCOUNT_VI);
        return void (await provider.interactionFinished(
          req,
          res,
          { login: { accountId: user.sub } },
          { mergeWithLastSubmission: false },
        ));
      }
      // consent: the platform's own clients; granted for what they asked.
      const { prompt, params, session, grantId } = details;
      // Already signed in (say, as an official on the dashboard) with an account this client does
      // not take: refused, so the families' page never holds a staff token. The app then offers
      // to sign in again with the sign-in form (prompt=login), as another account.
      const signedIn = findUser(config.usersFile, { sub: String(session?.accountId) });
      if (!signedIn || !mayUseClient(String(params.client_id), signedIn.roles))
        return void (await provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: NOT_A_FAMILY_ACCOUNT_VI },
          { mergeWithLastSubmission: false },
        ));
      const grant = grantId
        ? await provider.Grant.find(grantId)
        : new provider.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
      if (!grant) throw new Error('grant not found');
      const missing = prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
      const saved = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId: saved } },
        { mergeWithLastSubmission: true },
      );
    } catch (error) {
      send(
        res,
        400,
        messagePage(
          'Phiên đăng nhập đã hết hạn',
          'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại từ ứng dụng. (' +
            (error instanceof Error ? error.message : String(error)) +
            ')',
        ),
      );
    }
  };
}

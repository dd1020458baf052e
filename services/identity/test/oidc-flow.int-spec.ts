import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import {
  callApi,
  clientCredentialsToken,
  PlatformEnv,
  ServiceProcess,
  signInWithPkce,
  testPort,
} from '@qn/testing';
import { hashPassword } from '../src/users';

/**
 * A real OpenID Connect flow end to end: the local identity provider (services/identity) in its
 * own process, a person signs in with authorization code + PKCE (S256), an integration client
 * gets a token with client_credentials, and the registry, configured with AUTH_JWKS_URL only
 * (no shared secret), accepts their access tokens and applies its policy.
 */
describe('identity provider: code + PKCE and client_credentials against a service verifying with JWKS', () => {
  const env = new PlatformEnv();
  const idpPort = testPort();
  const registryPort = testPort();
  const issuer = `http://127.0.0.1:${idpPort}`;
  const registry = `http://127.0.0.1:${registryPort}`;
  const redirectUri = 'http://127.0.0.1:3008/'; // the web app's address under npm start
  const dir = mkdtempSync(join(tmpdir(), 'qn-idp-'));
  const usersFile = join(dir, 'users.json');
  const clientsFile = join(dir, 'clients.json');
  const portalSecret = randomBytes(32).toString('hex');
  const boardSecret = randomBytes(32).toString('hex');
  let idp: ServiceProcess;
  let service: ServiceProcess;
  const users: object[] = [];
  const addUser = (username: string, password: string, roles: string[], org: string | null) => {
    users.push({
      username,
      passwordHash: hashPassword(password),
      sub: `user-${username}`,
      name: `Người dùng ${username}`,
      roles,
      org_unit_id: org,
    });
    writeFileSync(usersFile, JSON.stringify(users));
  };
  const signIn = (username: string, password: string) =>
    signInWithPkce({ issuer, clientId: 'qn-dashboard', redirectUri, username, password });

  beforeAll(async () => {
    await env.setUp();
    addUser('so-gddt', 'mat-khau-so', ['province'], null);
    writeFileSync(
      clientsFile,
      JSON.stringify([
        { client_id: 'demo-portal', client_secret: portalSecret, scopes: ['applications:submit'] },
        {
          client_id: 'demo-exam-board',
          client_secret: boardSecret,
          scopes: ['exam-scores:publish', 'master-data:read'],
        },
      ]),
    );
    idp = new ServiceProcess('identity', {
      PORT: String(idpPort),
      IDP_ISSUER: issuer,
      AUTH_AUDIENCE: 'qn-edu-platform',
      IDP_USERS_FILE: usersFile,
      IDP_CLIENTS_FILE: clientsFile,
      IDP_DASHBOARD_REDIRECT_URIS: redirectUri,
      IDP_ACCESS_TOKEN_TTL: '900',
    }).start();
    await idp.ready(issuer);
    const serviceEnv = env.envFor('registry', registryPort, {
      AUTH_JWKS_URL: `${issuer}/jwks`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: 'qn-edu-platform',
    });
    delete serviceEnv.AUTH_HMAC_SECRET;
    service = new ServiceProcess('registry', serviceEnv).start();
    await service.ready(registry);
  }, 90000);
  afterAll(async () => {
    await service?.stop();
    await idp?.stop();
    await env.tearDown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes its discovery document and an ES256 JWKS without private parts', async () => {
    const meta = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
      code_challenge_methods_supported: string[];
      grant_types_supported: string[];
    };
    expect(meta.issuer).toBe(issuer);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'client_credentials']),
    );
    const jwks = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: object[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('refuses an authorization request without PKCE, and a wrong password with a Vietnamese message', async () => {
    const res = await fetch(
      `${issuer}/auth?client_id=qn-dashboard&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(redirectUri)}`,
      { redirect: 'manual' },
    );
    expect(new URL(res.headers.get('location')!).searchParams.get('error_description')).toMatch(
      /PKCE/,
    );
    await expect(signIn('so-gddt', 'sai-mat-khau')).rejects.toThrow(/sign-in refused/);
  });

  it('signs a person in with code + PKCE; the registry accepts the access token and applies its policy', async () => {
    const province = await signIn('so-gddt', 'mat-khau-so');
    const access = province.access_token as string;
    expect(decodeProtectedHeader(access)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    const claims = decodeJwt(access);
    expect(claims).toMatchObject({
      iss: issuer,
      aud: 'qn-edu-platform',
      sub: 'user-so-gddt',
      roles: ['province'],
      org_unit_id: null,
    });
    expect(claims.exp! - claims.iat!).toBe(900);

    const created = await callApi(registry, 'POST', '/org-units', access, {
      code: 'OIDC-P',
      kind: 'province',
      name: 'Tỉnh OIDC',
      parentId: null,
      validFrom: '2025-07-01',
    });
    expect(created.status).toBe(201);
    const commune = await callApi(registry, 'POST', '/org-units', access, {
      code: 'OIDC-C',
      kind: 'commune',
      name: 'Xã OIDC',
      parentId: created.body.id,
      validFrom: '2025-07-01',
    });
    expect(commune.status).toBe(201);

    // A commune officer, added to the users file after the provider started (read on sign-in).
    addUser('xa-oidc', 'mat-khau-xa', ['commune'], commune.body.id as string);
    const officer = (await signIn('xa-oidc', 'mat-khau-xa')).access_token as string;
    expect(decodeJwt(officer)).toMatchObject({ roles: ['commune'], org_unit_id: commune.body.id });
    expect((await callApi(registry, 'GET', `/org-units/${commune.body.id}`, officer)).status).toBe(
      200,
    );
    const refused = await callApi(registry, 'POST', '/org-units', officer, {
      code: 'OIDC-X',
      kind: 'commune',
      name: 'Xã khác',
      parentId: created.body.id,
      validFrom: '2025-07-01',
    });
    expect(refused.status).toBe(403);
    // Not signed by the provider: refused.
    expect((await callApi(registry, 'GET', '/org-units', await env.token('province'))).status).toBe(
      401,
    );
  }, 60000);

  it('lets families, and only families, sign in through the families’ client (qn-family)', async () => {
    addUser('phu-huynh', 'mat-khau-ph', ['family'], null);
    const viaFamily = (username: string, password: string) =>
      signInWithPkce({ issuer, clientId: 'qn-family', redirectUri, username, password });
    const family = await viaFamily('phu-huynh', 'mat-khau-ph');
    expect(decodeJwt(family.access_token as string)).toMatchObject({
      sub: 'user-phu-huynh',
      roles: ['family'],
      aud: 'qn-edu-platform',
    });
    // A staff account is refused there, in Vietnamese; with a wrong password it learns nothing more.
    await expect(viaFamily('so-gddt', 'mat-khau-so')).rejects.toThrow(
      /\(403\).*không phải tài khoản phụ huynh/s,
    );
    await expect(viaFamily('so-gddt', 'sai-mat-khau')).rejects.toThrow(/\(401\)/);
    // The dashboard's client is unchanged for the same people.
    expect((await signIn('so-gddt', 'mat-khau-so')).access_token).toBeTruthy();
  });

  it('gives an integration client a token with its own scopes only (client_credentials)', async () => {
    const board = await clientCredentialsToken({
      issuer,
      clientId: 'demo-exam-board',
      clientSecret: boardSecret,
      scope: 'master-data:read',
    });
    const claims = decodeJwt(board.access_token as string);
    expect(claims).toMatchObject({
      sub: 'demo-exam-board',
      aud: 'qn-edu-platform',
      roles: ['integration-client'],
      scope: 'master-data:read',
    });
    expect(
      (await callApi(registry, 'GET', '/org-units', board.access_token as string)).status,
    ).toBe(200);

    const portal = await clientCredentialsToken({
      issuer,
      clientId: 'demo-portal',
      clientSecret: portalSecret,
      scope: 'applications:submit',
    });
    expect(
      (await callApi(registry, 'GET', '/org-units', portal.access_token as string)).status,
    ).toBe(403);
    await expect(
      clientCredentialsToken({
        issuer,
        clientId: 'demo-portal',
        clientSecret: portalSecret,
        scope: 'master-data:read',
      }),
    ).rejects.toThrow(/invalid_scope/);
    await expect(
      clientCredentialsToken({
        issuer,
        clientId: 'demo-portal',
        clientSecret: 'x'.repeat(64),
        scope: 'applications:submit',
      }),
    ).rejects.toThrow(/invalid_client/);
  });
});

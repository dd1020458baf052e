import { signInWithPkce, startIdentityProvider, testPort, waitFor } from '@qn/testing';
import { KpiWorld, newId, orgUnit } from './world';

/**
 * Tokens from an OpenID Connect sign-in (code + PKCE at the local identity provider,
 * services/identity, in its own process), verified by the aggregator with AUTH_JWKS_URL only.
 * (The sign-in in a browser, with the expired session: apps/web/test/dashboard.int-spec.ts.)
 */
describe('kpi-aggregator: tokens from an OpenID Connect sign-in (code + PKCE, JWKS)', () => {
  const idpPort = testPort();
  const issuer = `http://127.0.0.1:${idpPort}`;
  const world = new KpiWorld({
    AUTH_HMAC_SECRET: '',
    AUTH_JWKS_URL: `${issuer}/jwks`,
    AUTH_ISSUER: issuer,
  });
  const province = newId();
  const communeA = newId();
  const communeB = newId();
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;

  beforeAll(async () => {
    idp = await startIdentityProvider({
      port: idpPort,
      redirectUris: [`${world.url}/`],
      users: [
        {
          username: 'so-gddt',
          password: 'mat-khau-so',
          roles: ['province'],
          orgUnitId: province,
          name: 'Chuyên viên Sở GDĐT',
        },
        {
          username: 'can-bo-xa-a',
          password: 'mat-khau-xa',
          roles: ['commune'],
          orgUnitId: communeA,
        },
      ],
    });
    await world.start();
    await world.publish([
      orgUnit(province, 'province', null),
      orgUnit(communeA, 'commune', province),
      orgUnit(communeB, 'commune', province),
    ]);
  }, 120000);

  afterAll(async () => {
    await world.stop();
    await idp?.stop();
  });

  it('a commune officer signed in with code + PKCE reads its own commune and not another (policy on a JWKS-verified token)', async () => {
    const signIn = (username: string, password: string) =>
      signInWithPkce({
        issuer: idp.issuer,
        clientId: 'qn-dashboard',
        redirectUri: `${world.url}/`,
        username,
        password,
      }).then((t) => t.access_token as string);
    const values = (token: string, unit: string) =>
      fetch(
        `${world.url}/indicators/ENR-APPLICATIONS-ONLINE/values?orgUnitId=${unit}&period=2025-2026`,
        { headers: { authorization: `Bearer ${token}` } },
      ).then((r) => r.status);
    const provinceToken = await signIn('so-gddt', 'mat-khau-so');
    // The org tree reached the aggregator's replica.
    await waitFor(async () => (await values(provinceToken, communeB)) === 200, {
      timeoutMs: 30000,
      description: 'the communes in the replica',
    });
    const officer = await signIn('can-bo-xa-a', 'mat-khau-xa');
    expect(await values(officer, communeA)).toBe(200);
    expect(await values(officer, communeB)).toBe(403);
  }, 60000);
});

/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  screenshotPath,
  signInWithPkce,
  startIdentityProvider,
  testPort,
  waitFor,
} from '@qn/testing';
import { SESSION_EXPIRED_VI } from '../src/dashboard/serve-dashboard/dashboard.html';
import { KpiWorld, newId, orgUnit } from './world';

/**
 * The dashboard signs people in with OpenID Connect in a real browser: the local identity
 * provider (services/identity) in its own process, the aggregator verifying its tokens with
 * AUTH_JWKS_URL only. Code + PKCE, the token never in the address bar, and an ended session
 * (401 from the API, or the token's time) says so in Vietnamese and signs in again.
 */
describe('kpi-aggregator dashboard: OpenID Connect sign-in in Chromium', () => {
  const idpPort = testPort();
  const issuer = `http://127.0.0.1:${idpPort}`;
  const world = new KpiWorld({
    AUTH_HMAC_SECRET: '',
    AUTH_JWKS_URL: `${issuer}/jwks`,
    AUTH_ISSUER: issuer,
    DASHBOARD_OIDC_ISSUER: issuer,
  });
  const province = newId();
  const communeA = newId();
  const communeB = newId();
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
  let browser: Browser;

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
    browser = await launchChromium();
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await world.stop();
    await idp?.stop();
  });

  const loaded = (page: Page) =>
    page.waitForFunction(() => document.querySelectorAll('#indicator option').length > 0, null, {
      timeout: 20000,
    });

  it('signs in at the provider, keeps the token out of the URL, and signs in again when the session ends', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${world.url}/?indicator=ENR-APPLICATIONS-ONLINE`);
      // Sent to the provider's sign-in page, in Vietnamese.
      await page.waitForSelector('input[name="password"]');
      expect(page.url().startsWith(`${issuer}/interaction/`)).toBe(true);
      expect(await page.textContent('h1')).toBe('Đăng nhập');
      await page.fill('input[name="username"]', 'so-gddt');
      await page.fill('input[name="password"]', 'sai-mat-khau');
      await page.click('button[type="submit"]');
      expect(await page.textContent('.error')).toContain('mật khẩu không đúng');
      await page.fill('input[name="password"]', 'mat-khau-so');
      await page.click('button[type="submit"]');

      await page.waitForURL((u) => u.toString().startsWith(world.url));
      await loaded(page);
      expect(await page.textContent('#user')).toContain('Chuyên viên Sở GDĐT');
      // The code was exchanged and the address restored: no code, no token in it.
      expect(page.url()).toBe(`${world.url}/?indicator=ENR-APPLICATIONS-ONLINE`);
      const token = await page.evaluate(() => sessionStorage.getItem('qn-token'));
      expect(token?.split('.')).toHaveLength(3);
      expect(await page.isHidden('#session')).toBe(true);
      await page.screenshot({ path: screenshotPath('dashboard-signed-in'), fullPage: true });

      // The API answers 401 (a token it does not accept): the session is over, in Vietnamese.
      await page.evaluate(() => sessionStorage.setItem('qn-token', 'x.y.z'));
      await page.reload();
      await page.waitForSelector('#session:not([hidden])');
      expect(await page.textContent('#sessionText')).toBe(SESSION_EXPIRED_VI);
      await page.screenshot({ path: screenshotPath('dashboard-session-expired'), fullPage: true });

      // "Đăng nhập lại": the provider's session still holds, so it comes straight back.
      await page.click('#signIn');
      await page.waitForURL(
        (u) => u.toString().startsWith(world.url) && !u.searchParams.has('code'),
      );
      await loaded(page);
      expect(await page.isHidden('#session')).toBe(true);

      // The token's time is over: the same message, without asking the API.
      await page.evaluate(() => sessionStorage.setItem('qn-token-exp', String(Date.now() - 1)));
      await page.reload();
      await page.waitForSelector('#session:not([hidden])');
      expect(await page.textContent('#sessionText')).toBe(SESSION_EXPIRED_VI);
    } finally {
      await page.close();
    }
  }, 90000);

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

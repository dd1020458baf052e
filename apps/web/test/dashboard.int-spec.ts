/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  screenshotPath,
  signInWithPkce,
  startIdentityProvider,
  testPort,
  waitFor,
} from '@qn/testing';
import {
  KpiWorld,
  newId,
  paymentReceived,
  roundClosed,
  smallProvince,
} from '../../../services/kpi-aggregator/test/world';
import { webApp } from '../server/app';
import { webConfigFromEnv } from '../server/config';
import { SESSION_EXPIRED_VI } from '../src/messages';
import { expectAccessible } from './browser-checks';

/**
 * The web app as people use it: built (apps/web/dist), served by its own server in front of a
 * real kpi-aggregator (Kafka, PostgreSQL, Redis) and signing in at the real identity provider,
 * in Debian's Chromium at 1440 px and 360 px, with axe-core checking each view.
 */
const DIST = join(__dirname, '..', 'dist', 'public');
const INDICATOR = 'ENR-APPLICATIONS-ONLINE';
const PERIOD = '2025-2026';

describe('web app: the officials’ dashboard in Chromium (real kpi-aggregator and identity provider)', () => {
  const idpPort = testPort();
  const issuer = `http://127.0.0.1:${idpPort}`;
  const webPort = testPort();
  const web = `http://127.0.0.1:${webPort}`;
  const world = new KpiWorld({
    AUTH_HMAC_SECRET: '',
    AUTH_JWKS_URL: `${issuer}/jwks`,
    AUTH_ISSUER: issuer,
  });
  const tree = smallProvince();
  const { province, ward, commune, urbanSchool, mountainSchool } = tree;
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
  let server: Server;
  let browser: Browser;
  let token: string;

  const api = async (path: string) => {
    const r = await fetch(`${world.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return r.json();
  };
  const percent = (v: number | null) =>
    v === null
      ? '—'
      : `${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)} %`;

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html'))) {
      throw new Error('apps/web is not built: npx nx run web:build (scripts/test.sh builds it)');
    }
    idp = await startIdentityProvider({
      port: idpPort,
      redirectUris: [`${web}/`],
      users: [
        {
          username: 'so-gddt',
          password: 'mat-khau-so',
          roles: ['province'],
          orgUnitId: province,
          name: 'Chuyên viên Sở GDĐT',
        },
      ],
    });
    await world.start();
    server = webApp(
      webConfigFromEnv(
        {
          PORT: String(webPort),
          KPI_URL: world.url,
          OIDC_ISSUER: issuer,
          OIDC_CLIENT_ID: 'qn-dashboard',
        },
        DIST,
      ),
    ).listen(webPort, '127.0.0.1');
    await world.publish(tree.events);
    // Grade 1: the urban school 3 online + 1 paper (75 %), the mountain school 1 + 2 (33,3 %).
    await world.publish([
      roundClosed(newId(), 1, [
        [urbanSchool, 3, 0, 1],
        [mountainSchool, 1, 0, 2],
      ]),
      paymentReceived(urbanSchool, 'urban', '1500000', true),
    ]);
    token = (await signInWithPkce({
      issuer,
      clientId: 'qn-dashboard',
      redirectUri: `${web}/`,
      username: 'so-gddt',
      password: 'mat-khau-so',
    }).then((t) => t.access_token)) as string;
    await waitFor(
      async () =>
        (
          await api(`/indicators/${INDICATOR}/values?orgUnitId=${province}&period=${PERIOD}`).catch(
            () => null,
          )
        )?.orgUnit.total.denominator === 7,
      { timeoutMs: 60000, description: 'the round in the projection' },
    );
    browser = await launchChromium();
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await world.stop();
    await idp?.stop();
  });

  /** The table's rows in this order (waits for the re-render after a change of view). */
  const expectOrder = async (page: Page, ids: string[]) => {
    await page
      .waitForFunction(
        (want) =>
          Array.from(document.querySelectorAll('#children tbody tr[data-org-unit-id]'))
            .map((tr) => tr.getAttribute('data-org-unit-id'))
            .join() === want.join(),
        ids,
        { timeout: 5000 },
      )
      .catch(() => undefined);
    expect(await rowsOrder(page)).toEqual(ids);
  };
  const rowsOrder = (page: Page) =>
    page.$$eval('#children tbody tr[data-org-unit-id]', (trs) =>
      trs.map((tr) => tr.getAttribute('data-org-unit-id')),
    );

  it('signs in with code + PKCE, shows the API’s numbers, sorts, filters, ranks, keeps the view in the address, exports the unit viewed', async () => {
    const values = await api(
      `/indicators/${INDICATOR}/values?orgUnitId=${province}&period=${PERIOD}`,
    );
    // bypassCSP: only so that axe-core can be injected; the policy itself is checked below.
    const page = await browser.newPage({
      viewport: { width: 1440, height: 1000 },
      bypassCSP: true,
    });
    try {
      await page.goto(`${web}/?indicator=${INDICATOR}&period=${PERIOD}`);
      await page.waitForSelector('input[name="password"]');
      expect(page.url().startsWith(`${issuer}/interaction/`)).toBe(true);
      await page.fill('input[name="username"]', 'so-gddt');
      await page.fill('input[name="password"]', 'mat-khau-so');
      await page.click('button[type="submit"]');
      await page.waitForURL((u) => u.toString().startsWith(web) && !u.searchParams.has('code'));
      // The code was exchanged and the view restored: no code, no token in the address.
      expect(page.url()).toBe(`${web}/?indicator=${INDICATOR}&period=${PERIOD}`);
      await page.waitForFunction(
        (want) => document.querySelector('#unitValue')?.getAttribute('data-value') === want,
        String(values.orgUnit.total.value),
      );
      expect(await page.textContent('#unitValue')).toBe(percent(values.orgUnit.total.value));
      expect(await page.textContent('#user')).toContain('Chuyên viên Sở GDĐT');
      for (const child of values.children) {
        expect(
          await page.textContent(`#children tr[data-org-unit-id="${child.orgUnitId}"] td.value`),
        ).toBe(percent(child.total.value));
      }
      // The target beside the value, in Vietnamese format.
      expect(await page.textContent('[data-fact="target"]')).toBe(
        percent(values.orgUnit.total.target),
      );
      // The ranked chart and its text alternative.
      await page.waitForSelector('#rankedChart svg .recharts-bar-rectangle');
      const summary = await page.textContent('[data-chart-summary="ranked"]');
      expect(summary).toContain('cao nhất Phường Hồng Gai (75,0 %)');
      expect(summary).toContain('thấp nhất Xã Ba Chẽ (33,3 %)');
      await page.waitForSelector('[data-chart-summary="series"]');
      await page.screenshot({ path: screenshotPath('web-dashboard-1440'), fullPage: true });
      await expectAccessible(page, 'province 1440');

      // The facts behind the figure: the round's counts per school, from its event.
      await page.click('#factsToggle');
      await page.waitForSelector('#facts tbody tr');
      const facts = await api(
        `/indicators/${INDICATOR}/facts?orgUnitId=${province}&period=${PERIOD}`,
      );
      expect(await page.locator('#facts tbody tr').count()).toBe(facts.facts.length);
      expect(await page.textContent('#factsSummary')).toContain(`${facts.total} số liệu`);
      expect(await page.textContent('#facts tbody')).toContain('enrollment.round.closed');
      await page.screenshot({ path: screenshotPath('web-facts-1440'), fullPage: true });
      await expectAccessible(page, 'facts 1440');
      await page.click('#factsToggle');

      // Sort by value: highest first, and in the address.
      await page.selectOption('#sort', 'value');
      await page.waitForURL((u) => u.searchParams.get('sort') === 'value');
      await expectOrder(page, [ward, commune]);
      await page.selectOption('#sort', 'name');
      await page.waitForURL((u) => u.searchParams.get('sort') === 'name');
      await expectOrder(page, [ward, commune]);
      // Filter by the commune's status: only the units with it are left.
      const communeStatus = values.children.find(
        (c: { orgUnitId: string }) => c.orgUnitId === commune,
      ).total.status;
      const wardStatus = values.children.find((c: { orgUnitId: string }) => c.orgUnitId === ward)
        .total.status;
      await page.selectOption('#statusFilter', communeStatus);
      await page.waitForURL((u) => u.searchParams.get('status') === communeStatus);
      const filtered = await rowsOrder(page);
      expect(filtered).toContain(commune);
      if (wardStatus !== communeStatus) expect(filtered).not.toContain(ward);

      // Reload: the same view (sort and filter restored from the address).
      await page.reload();
      await page.waitForSelector('#children tbody tr[data-org-unit-id]');
      expect(await page.inputValue('#sort')).toBe('name');
      expect(await page.inputValue('#statusFilter')).toBe(communeStatus);
      // Back: the view before the filter.
      await page.goBack();
      await page.waitForURL((u) => !u.searchParams.has('status'));
      await page.waitForFunction(
        () => (document.querySelector('#statusFilter') as HTMLSelectElement)?.value === '',
      );
      await expectOrder(page, [ward, commune]);

      // Drill into the ward: its school, the breadcrumb, and the export about the ward.
      await page.click(`#children tr[data-org-unit-id="${ward}"] a`);
      await page.waitForURL((u) => u.searchParams.get('unit') === ward);
      await page.waitForSelector(`#children tr[data-org-unit-id="${urbanSchool}"]`);
      await page.waitForFunction(() =>
        document.querySelector('#breadcrumb')?.textContent?.includes('Phường Hồng Gai'),
      );
      expect(await page.textContent('#breadcrumb')).toBe('Tỉnh Quảng Ninh›Phường Hồng Gai');
      const href = await page.getAttribute('button[data-format="csv"]', 'data-href');
      expect(href).toContain(`orgUnitId=${ward}`);
      const exported = await page.evaluate(
        async ([h, t]) => {
          const r = await fetch(h!, { headers: { authorization: `Bearer ${t}` } });
          return { status: r.status, body: await r.text() };
        },
        [href, token] as const,
      );
      expect(exported.status).toBe(200);
      expect(exported.body).toContain(ward);
      expect(exported.body).not.toContain(commune);
      // The buttons save the files as the browser downloads them: the ward's PDF report (an
      // administrative document naming the ward) and its workbook.
      const saved = async (format: string) => {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.click(`button[data-format="${format}"]`),
        ]);
        const file = join(
          mkdtempSync(join(tmpdir(), 'qn-web-report-')),
          download.suggestedFilename(),
        );
        await download.saveAs(file);
        return file;
      };
      const pdf = await saved('pdf');
      expect(pdf).toMatch(/\.pdf$/);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      expect(text).toContain('BÁO CÁO');
      expect(text).toContain('KẾT QUẢ CỦA PHƯỜNG HỒNG GAI');
      const xlsx = await saved('xlsx');
      expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');

      // The school's own indicators.
      await page.click(`#children tr[data-org-unit-id="${urbanSchool}"] a`);
      await page.waitForSelector(`#schoolDetail tr[data-indicator="${INDICATOR}"]`);
      expect(await page.textContent(`#schoolDetail tr[data-indicator="${INDICATOR}"]`)).toContain(
        '75,0 %',
      );
      await page.screenshot({ path: screenshotPath('web-school-1440'), fullPage: true });
      await expectAccessible(page, 'school 1440');

      // Keyboard: on a fresh load the first Tab reaches the skip link, which leads to the content.
      await page.reload();
      await page.waitForSelector(`#schoolDetail tr[data-indicator="${INDICATOR}"]`);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className)).toContain('skip-link');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

      // The API refuses the token (401): the session is over, said in Vietnamese.
      await page.evaluate(() => sessionStorage.setItem('qn-token', 'x.y.z'));
      await page.reload();
      await page.waitForSelector('#session');
      expect(await page.textContent('#sessionText')).toBe(SESSION_EXPIRED_VI);
      await page.screenshot({ path: screenshotPath('web-session-expired-1440'), fullPage: true });
      await expectAccessible(page, 'session expired');
      // "Đăng nhập lại": the provider's session still holds, so it comes straight back.
      await page.click('#signIn');
      await page.waitForURL((u) => u.toString().startsWith(web) && !u.searchParams.has('code'));
      await page.waitForSelector('#unitValue');
      // The token's time is over: the same message, without asking the API.
      await page.evaluate(() => sessionStorage.setItem('qn-token-exp', String(Date.now() - 1)));
      await page.reload();
      await page.waitForSelector('#session');
      expect(await page.textContent('#sessionText')).toBe(SESSION_EXPIRED_VI);
    } finally {
      await page.close();
    }
  }, 120000);

  it('serves the app with a strict Content-Security-Policy, immutable assets and the sign-in settings from its environment', async () => {
    const index = await fetch(`${web}/`);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('content-security-policy')).toContain(`connect-src 'self' ${issuer}`);
    expect(index.headers.get('cache-control')).toBe('no-store');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await index.text())![1];
    expect((await fetch(`${web}${asset}`)).headers.get('cache-control')).toContain('immutable');
    expect(await (await fetch(`${web}/config.json`)).json()).toEqual({
      oidc: { issuer, clientId: 'qn-dashboard' },
      // Families sign in at the same provider by default, with their own client.
      familyOidc: { issuer, clientId: 'qn-family' },
    });
    // The API through the same origin, token passed on.
    const proxied = await fetch(`${web}/api/kpi/indicators`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(proxied.status).toBe(200);
    expect((await fetch(`${web}/api/kpi/indicators`)).status).toBe(401);
  });

  it('works on a 360 px phone: no horizontal scroll of the page, accessible', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 780 },
      isMobile: true,
      hasTouch: true,
      bypassCSP: true,
    });
    const page = await context.newPage();
    try {
      // Test-only: the token the sign-in would have kept (the first test signs in for real);
      // set once, so that a later change in the page (its expiry) survives a reload.
      await page.addInitScript(
        ([t]) => {
          if (sessionStorage.getItem('qn-token')) return;
          sessionStorage.setItem('qn-token', t!);
          sessionStorage.setItem('qn-token-exp', String(Date.now() + 600000));
        },
        [token] as const,
      );
      await page.goto(`${web}/?indicator=${INDICATOR}&period=${PERIOD}&sort=value`);
      await page.waitForSelector('#rankedChart svg .recharts-bar-rectangle');
      await expectOrder(page, [ward, commune]);
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      await page.screenshot({ path: screenshotPath('web-dashboard-360'), fullPage: true });
      await expectAccessible(page, 'province 360');
      // The facts table scrolls within itself on a phone, never the page.
      await page.click('#factsToggle');
      await page.waitForSelector('#facts tbody tr');
      const withFacts = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(withFacts.scroll).toBeLessThanOrEqual(withFacts.client);
      await expectAccessible(page, 'facts 360');
      await page.click('#factsToggle');

      const fits = () =>
        page.evaluate(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        );
      // A school's own indicators, from the shared link of its view.
      await page.goto(`${web}/?indicator=${INDICATOR}&period=${PERIOD}&unit=${mountainSchool}`);
      await page.waitForSelector(`#schoolDetail tr[data-indicator="${INDICATOR}"]`);
      expect(await page.textContent(`#schoolDetail tr[data-indicator="${INDICATOR}"]`)).toContain(
        '33,3 %',
      );
      expect(await fits()).toBe(true);
      await page.screenshot({ path: screenshotPath('web-school-360'), fullPage: true });
      await expectAccessible(page, 'school 360');

      // The session over: the message in Vietnamese, on the phone too.
      await page.evaluate(() => sessionStorage.setItem('qn-token-exp', String(Date.now() - 1)));
      await page.reload();
      await page.waitForSelector('#session');
      expect(await page.textContent('#sessionText')).toBe(SESSION_EXPIRED_VI);
      expect(await fits()).toBe(true);
      await page.screenshot({ path: screenshotPath('web-session-expired-360'), fullPage: true });
      await expectAccessible(page, 'session expired 360');
    } finally {
      await context.close();
    }
  }, 60000);
});

/// <reference lib="dom" />
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  callApi,
  createOrgUnit,
  launchChromium,
  PlatformEnv,
  screenshotPath,
  ServiceProcess,
  signInWithPkce,
  startIdentityProvider,
  testPort,
  waitFor,
} from '@qn/testing';
import { demoProvinceCatalogueFor } from '../../../services/payments/demo/demo-catalogue';
import { vnpayIpn, vnpayQuery } from '../../../services/payments/demo/simulator/gateway-simulator';
import { webApp } from '../server/app';
import { webConfigFromEnv } from '../server/config';
import { SESSION_EXPIRED_VI } from '../src/messages';
import { expectAccessible, fitsWidth } from './browser-checks';

/**
 * The families' page as a parent uses it, in Debian's Chromium at 1440 px and 360 px: signed in
 * at the real identity provider with the families' client, in front of real enrollment, payments
 * and records processes (Kafka, PostgreSQL, Redis) and the registry. The parent answers the
 * child's offer, sees the invoice the school's fee catalogue produced, the school's VietQR code,
 * pays through a stand-in for VNPay's payment page (which sends the gateway's signed IPN) and
 * finds the receipt with its fee lines. axe-core checks each view.
 */
const DIST = join(__dirname, '..', 'dist', 'public');
const SCHOOL_YEAR = '2026-2027';
const CHILD = 'Trần Thị Bình An';

describe('web app: the families’ page in Chromium (real enrollment, payments, records, identity provider)', () => {
  const env = new PlatformEnv();
  const ports = {
    idp: testPort(),
    web: testPort(),
    registry: testPort(),
    enrollment: testPort(),
    payments: testPort(),
    records: testPort(),
    gateway: testPort(),
  };
  const issuer = `http://127.0.0.1:${ports.idp}`;
  const web = `http://127.0.0.1:${ports.web}`;
  const url = (service: keyof typeof ports) => `http://127.0.0.1:${ports[service]}`;
  const vnpay = { tmnCode: 'QNEDU001', hashSecret: randomBytes(32).toString('hex') };
  const services: ServiceProcess[] = [];
  /** What the stand-in for VNPay's payment page was asked to charge. */
  const gatewayRequests: URL[] = [];
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
  let server: Server;
  let gateway: Server;
  let browser: Browser;
  let province: string;
  let family: string;
  const ids: Record<string, string> = {};
  let applicationId: string;

  const signIn = (clientId: string, username: string, password: string) =>
    signInWithPkce({ issuer, clientId, redirectUri: `${web}/`, username, password }).then(
      (t) => t.access_token as string,
    );
  const call = (
    service: keyof typeof ports,
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ) => callApi(url(service), method, path, token, body, { 'idempotency-key': randomUUID() });

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html'))) {
      throw new Error('apps/web is not built: npx nx run web:build (scripts/test.sh builds it)');
    }
    idp = await startIdentityProvider({
      port: ports.idp,
      redirectUris: [`${web}/`],
      users: [
        { username: 'so-gddt', password: 'mat-khau-so', roles: ['province'], orgUnitId: null },
        {
          username: 'phu-huynh',
          password: 'mat-khau-ph',
          roles: ['family'],
          orgUnitId: null,
          name: 'Trần Văn Phụ Huynh',
        },
      ],
    });
    await env.setUp();
    // The services verify the provider's tokens (JWKS), as in a deployment: no shared secret.
    const auth = { AUTH_HMAC_SECRET: '', AUTH_JWKS_URL: `${issuer}/jwks`, AUTH_ISSUER: issuer };
    const start = (name: keyof typeof ports, extra: Record<string, string> = {}) => {
      const p = new ServiceProcess(
        name,
        env.envFor(name, ports[name], { ...auth, ...extra }),
      ).start();
      services.push(p);
      return p.ready(url(name));
    };
    // VNPay's payment page, played locally: it notes what it was asked, sends the gateway's signed
    // IPN to payments (as VNPay does, server to server) and sends the browser back.
    gateway = createServer((req, res) => {
      void (async () => {
        const asked = new URL(req.url ?? '/', url('gateway'));
        gatewayRequests.push(asked);
        const orderId = asked.searchParams.get('vnp_TxnRef')!;
        const amount = BigInt(asked.searchParams.get('vnp_Amount')!) / 100n;
        const ipn = vnpayIpn({ orderId, amount }, vnpay);
        await fetch(`${url('payments')}/gateways/vnpay/ipn?${vnpayQuery(ipn)}`);
        const back = new URL(asked.searchParams.get('vnp_ReturnUrl')!);
        for (const k of ['vnp_ResponseCode', 'vnp_TxnRef', 'vnp_Amount'])
          back.searchParams.set(k, ipn[k]!);
        res.writeHead(302, { location: back.toString() }).end();
      })().catch(() => res.writeHead(500).end());
    }).listen(ports.gateway, '127.0.0.1');
    await Promise.all([
      start('registry'),
      start('enrollment'),
      start('payments', {
        VNPAY_TMN_CODE: vnpay.tmnCode,
        VNPAY_HASH_SECRET: vnpay.hashSecret,
        VNPAY_PAYMENT_URL: `${url('gateway')}/paymentv2/vpcpay.html`,
        VNPAY_RETURN_URL: `${web}/gia-dinh`,
        MOMO_SECRET_KEY: randomBytes(32).toString('hex'),
      }),
      start('records'),
    ]);
    server = webApp(
      webConfigFromEnv(
        {
          PORT: String(ports.web),
          ENROLLMENT_URL: url('enrollment'),
          PAYMENTS_URL: url('payments'),
          RECORDS_URL: url('records'),
          OIDC_ISSUER: issuer,
        },
        DIST,
      ),
    ).listen(ports.web, '127.0.0.1');
    province = await signIn('qn-dashboard', 'so-gddt', 'mat-khau-so');
    family = await signIn('qn-family', 'phu-huynh', 'mat-khau-ph');

    // The province's tree, in the registry (each service keeps its copy from Kafka).
    const unit = async (code: string, kind: string, parent: string | null, extra = {}) =>
      (ids[code] = await createOrgUnit(url('registry'), province, code, kind, parent, extra));
    await unit('QN', 'province', null, { validFrom: '1963-10-30' });
    await unit('P-HONGGAI', 'ward', ids.QN);
    await unit('TH-HONGGAI', 'school', ids['P-HONGGAI'], {
      name: 'Trường Tiểu học Hồng Gai',
      school: { levels: ['primary'], segment: 'urban', ownership: 'public' },
    });
    const school = ids['TH-HONGGAI'];

    // The school year's fees, and the school's own account for transfers.
    const catalogue = await call(
      'payments',
      'PUT',
      `/fee-catalogues/${SCHOOL_YEAR}`,
      province,
      demoProvinceCatalogueFor(SCHOOL_YEAR),
    );
    expect(catalogue.status).toBe(200);
    await waitFor(
      async () =>
        (
          await call('payments', 'PUT', `/schools/${school}/collection-account`, province, {
            bankBin: '970415',
            accountNumber: '113000123456',
            accountName: 'TRUONG TIEU HOC HONG GAI',
          })
        ).status === 200,
      { timeoutMs: 30000, description: 'the school in payments' },
    );

    // A grade-1 round that closes in a few seconds; the family applies online.
    const closesAt = Date.now() + 15_000;
    const round = await call('enrollment', 'POST', '/rounds', province, {
      schoolYear: SCHOOL_YEAR,
      grade: 1,
      name: 'Tuyển sinh lớp 1',
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
      maxWishes: 1,
      priorityCategories: [],
    });
    expect(round.status).toBe(201);
    await waitFor(
      async () =>
        (
          await call('enrollment', 'PUT', `/rounds/${round.body.id}/schools/${school}`, province, {
            capacity: 2,
            catchmentOrgUnitIds: [ids['P-HONGGAI']],
          })
        ).status === 200,
      { timeoutMs: 30000, description: 'the school in enrollment' },
    );
    const applied = await call(
      'enrollment',
      'POST',
      `/rounds/${round.body.id}/applications`,
      family,
      {
        applicant: {
          personalId: '022320004321',
          fullName: CHILD,
          dateOfBirth: '2020-03-14',
          residenceOrgUnitId: ids['P-HONGGAI'],
        },
        wishes: [school],
        priorityCategories: [],
      },
    );
    expect(applied.status).toBe(201);
    applicationId = applied.body.applicationId;
    await new Promise((r) => setTimeout(r, Math.max(0, closesAt - Date.now() + 500)));
    const published = await call(
      'enrollment',
      'POST',
      `/rounds/${round.body.id}/publication`,
      province,
    );
    expect(published.status).toBe(200);
    browser = await launchChromium();
  }, 240000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await new Promise((r) => (gateway ? gateway.close(r) : r(undefined)));
    await Promise.all(services.map((s) => s.stop()));
    await env.tearDown();
    await idp?.stop();
  });

  /** The application card of the page, by its id. */
  const card = (page: Page) => page.locator(`[data-application="${applicationId}"]`);

  it('a parent signs in, accepts the offer, sees the invoice, pays by VNPay and finds the receipt with its fee lines', async () => {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 1000 },
      bypassCSP: true,
    });
    try {
      // Signing in at the people's sign-in (the families' client), back on the families' page.
      await page.goto(`${web}/gia-dinh`);
      await page.waitForSelector('input[name="password"]');
      await page.fill('input[name="username"]', 'phu-huynh');
      await page.fill('input[name="password"]', 'mat-khau-ph');
      await page.click('button[type="submit"]');
      await page.waitForURL(`${web}/gia-dinh`);
      await card(page).waitFor();
      expect(await card(page).textContent()).toContain(CHILD);
      expect(await card(page).textContent()).toContain('Trường Tiểu học Hồng Gai');
      expect(await card(page).textContent()).toContain('Trúng tuyển — chờ gia đình xác nhận');
      // No child in the register yet: a new pupil appears once the school confirms.
      await page.waitForSelector('#noChildren');
      await page.screenshot({ path: screenshotPath('web-family-offer-1440'), fullPage: true });
      await expectAccessible(page, 'family offer 1440');

      // Accepting asks first, then says so.
      const offerId = (await card(page).locator('[data-offer]').getAttribute('data-offer'))!;
      await page.click(`#accept-${offerId}`);
      await page.waitForSelector('#confirmAnswer');
      await expectAccessible(page, 'family confirm 1440');
      await page.click('#confirmAnswer');
      await page.waitForFunction(
        (id) =>
          document
            .querySelector(`[data-application="${id}"]`)
            ?.textContent?.includes('Đã xác nhận nhập học'),
        applicationId,
      );
      expect(await page.$(`#accept-${offerId}`)).toBeNull();

      // The school confirms: the pupil is in the register, billed from the fee catalogue.
      const confirmed = await call(
        'enrollment',
        'POST',
        `/offers/${offerId}/confirmation`,
        province,
        {},
      );
      expect(confirmed.status).toBe(200);
      const studentId = confirmed.body.studentId as string;
      const account = await waitFor(
        async () => {
          const r = await callApi(url('payments'), 'GET', `/students/${studentId}/account`, family);
          return r.status === 200 && r.body.invoices.length > 0 ? r.body : undefined;
        },
        { timeoutMs: 60000, description: 'the pupil’s invoice, readable by the family' },
      );
      const invoice = account.invoices[0];
      await page.reload();
      const child = page.locator(`[data-child="${studentId}"]`);
      await child.waitFor();
      expect(await child.textContent()).toContain(CHILD);
      expect(await child.textContent()).toContain('Trường Tiểu học Hồng Gai');
      const invoiceCard = page.locator(`[data-invoice="${invoice.id}"]`);
      await invoiceCard.waitFor();
      const vnd = (s: string) =>
        `${new Intl.NumberFormat('vi-VN').format(BigInt(s))} đ`.replace(/\u00a0/g, ' ');
      const text = (await invoiceCard.textContent())!.replace(/\u00a0/g, ' ');
      for (const line of invoice.lines as Array<{ feeName: string; amount: string }>) {
        expect(text).toContain(line.feeName);
        expect(text).toContain(vnd(line.amount));
      }
      expect(text).toContain(vnd(invoice.outstanding));

      // Paying: the school's VietQR (its account, the invoice's payment code), then VNPay.
      await page.click(`#pay-${invoice.id}`);
      await page.waitForFunction(
        () => (document.querySelector('#vietqrImage') as HTMLImageElement | null)?.naturalWidth,
      );
      expect(await page.textContent('#vietqrPurpose')).toBe(invoice.paymentCode);
      expect(await page.textContent(`#payment-${invoice.id}`)).toContain('113000123456');
      await page.screenshot({ path: screenshotPath('web-family-pay-1440'), fullPage: true });
      await expectAccessible(page, 'family pay 1440');

      await page.click(`#vnpay-${invoice.id}`);
      await page.waitForURL((u) => u.pathname === '/gia-dinh' && u.searchParams.has('vnp_TxnRef'));
      // What the browser took to the gateway: the order, the amount × 100, signed with the
      // merchant's secret over PHP-urlencoded sorted parameters (checked here independently).
      const asked = gatewayRequests.at(-1)!;
      expect(asked.searchParams.get('vnp_Amount')).toBe(String(BigInt(invoice.outstanding) * 100n));
      expect(asked.searchParams.get('vnp_ReturnUrl')).toBe(`${web}/gia-dinh`);
      const signed = [...asked.searchParams.entries()]
        .filter(([k]) => k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%20/g, '+')}`)
        .join('&');
      expect(asked.searchParams.get('vnp_SecureHash')).toBe(
        createHmac('sha512', vnpay.hashSecret).update(signed).digest('hex'),
      );
      await page.waitForSelector('#gatewayReturn');
      expect(await page.textContent('#gatewayReturn')).toContain('giao dịch thành công');

      // The receipt: the amount, the channel and the fee lines it settled.
      await waitFor(
        async () =>
          (await callApi(url('payments'), 'GET', `/students/${studentId}/account`, family)).body
            .owed === '0',
        { timeoutMs: 30000, description: 'the IPN credited' },
      );
      await page.reload();
      await page.click(`[data-child="${studentId}"] [data-tab="receipts"]`);
      const receipt = page.locator('[data-receipt]').first();
      await receipt.waitFor();
      const receiptText = (await receipt.textContent())!.replace(/\u00a0/g, ' ');
      expect(receiptText).toContain(`${vnd(invoice.outstanding)} · Cổng VNPay`);
      for (const line of invoice.lines as Array<{ feeName: string }>)
        expect(receiptText).toContain(line.feeName);
      await page.screenshot({ path: screenshotPath('web-family-receipt-1440'), fullPage: true });
      await expectAccessible(page, 'family receipt 1440');

      // Records: none signed yet for a new pupil, said plainly.
      await page.click(`[data-child="${studentId}"] [data-tab="records"]`);
      await page.waitForFunction(() => document.body.textContent?.includes('Chưa có học bạ số'));
    } finally {
      await page.close();
    }
  }, 180000);

  it('works on a 360 px phone: every tab fits the screen and is accessible', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 780 },
      isMobile: true,
      hasTouch: true,
      bypassCSP: true,
    });
    const page = await context.newPage();
    try {
      // Test-only: the token the sign-in would have kept (the first test signs in for real).
      await page.addInitScript(
        ([t]) => {
          if (sessionStorage.getItem('qn-family-token')) return;
          sessionStorage.setItem('qn-family-token', t!);
          sessionStorage.setItem('qn-family-token-exp', String(Date.now() + 600000));
        },
        [family] as const,
      );
      await page.goto(`${web}/gia-dinh`);
      await card(page).waitFor();
      // The officials' dashboard does not take the family's token: it has its own sign-in.
      expect(await page.evaluate(() => sessionStorage.getItem('qn-token'))).toBeNull();
      const child = page.locator('[data-child]').first();
      await child.waitFor();
      const studentId = (await child.getAttribute('data-child'))!;
      await page.waitForSelector('[data-invoice]');
      expect(await fitsWidth(page)).toBe(true);
      await page.screenshot({ path: screenshotPath('web-family-360'), fullPage: true });
      await expectAccessible(page, 'family fees 360');
      await page.click(`[data-child="${studentId}"] [data-tab="receipts"]`);
      await page.waitForSelector('[data-receipt]');
      expect(await fitsWidth(page)).toBe(true);
      await page.screenshot({ path: screenshotPath('web-family-receipt-360'), fullPage: true });
      await expectAccessible(page, 'family receipts 360');
      await page.click(`[data-child="${studentId}"] [data-tab="records"]`);
      await page.waitForFunction(() => document.body.textContent?.includes('Chưa có học bạ số'));
      expect(await fitsWidth(page)).toBe(true);
      await expectAccessible(page, 'family records 360');

      // The session over: said in Vietnamese on the families' page too, with "sign in again".
      await page.evaluate(() =>
        sessionStorage.setItem('qn-family-token-exp', String(Date.now() - 1)),
      );
      await page.reload();
      await page.waitForSelector('#session');
      expect(await page.textContent('#sessionText')).toBe(SESSION_EXPIRED_VI);
      expect(await fitsWidth(page)).toBe(true);
      await expectAccessible(page, 'family session expired 360');
    } finally {
      await context.close();
    }
  }, 60000);

  it('never gives the families’ page an official’s session: the provider refuses it, the page offers its form for a family account', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const signInForm = async (username: string, password: string) => {
      await page.waitForSelector('input[name="password"]');
      await page.fill('input[name="username"]', username);
      await page.fill('input[name="password"]', password);
      await page.click('button[type="submit"]');
    };
    try {
      // An official signs in on the dashboard: the provider now remembers them.
      await page.goto(`${web}/`);
      await signInForm('so-gddt', 'mat-khau-so');
      await page.waitForURL(`${web}/`);
      await page.waitForFunction(() => !!sessionStorage.getItem('qn-token'));
      // The families' page: the provider refuses that account for the families' client.
      await page.goto(`${web}/gia-dinh`);
      await page.waitForSelector('#signInAgain');
      expect(await page.textContent('main')).toContain('không phải tài khoản phụ huynh');
      expect(await page.evaluate(() => sessionStorage.getItem('qn-family-token'))).toBeNull();
      // "Đăng nhập lại" shows the provider's form, where the parent signs in.
      await page.click('#signInAgain');
      await signInForm('phu-huynh', 'mat-khau-ph');
      await page.waitForURL(`${web}/gia-dinh`);
      await card(page).waitFor();
    } finally {
      await context.close();
    }
  }, 60000);

  it('shows a family only its own children: a staff token of the province reads no family list', async () => {
    expect((await callApi(url('enrollment'), 'GET', '/me/children', province)).status).toBe(403);
    expect(
      (await callApi(`${web}/api/enrollment`, 'GET', '/me/applications', family)).body.items,
    ).toHaveLength(1);
  });
});

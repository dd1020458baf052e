/// <reference lib="dom" />
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { launchChromium, screenshotPath } from '@qn/testing';
import { qrLink } from '../src/verification/domain/presented-input';
import { CredentialsWorld } from './credentials-world';
import { issueOneDiploma, type IssuedDiploma } from './one-diploma';

const CHECKS = ['well-formed', 'signature', 'issuer-trusted', 'not-expired', 'status', 'register'];

/** What the page shows after a verification, read from the DOM as a person would. */
interface Shown {
  headline: string;
  verdict: string;
  checks: Array<{ check: string; outcome: string; mark: string; message: string }>;
  facts: Record<string, string>;
  caution: string | null;
}

/**
 * The public verification page in headless Chromium, at a desktop's 1440 px and a phone's
 * 360 px: a diploma issued through the API is verified from its QR link, as its JSON file, as a
 * tampered copy, as a photo of its QR code, and as garbage; the page's rate-limit and network
 * messages; keyboard use; the CSP (nothing from elsewhere, nothing inline). Screenshots go to
 * reports/screenshots/.
 */
describe('credentials: the public verification page (real Kafka, PostgreSQL, Chromium)', () => {
  const w = new CredentialsWorld();
  let diploma: IssuedDiploma;
  let browser: Browser;
  let dir = '';
  const files = { json: '', tampered: '', png: '' };
  const TAMPERED_NAME = 'Lê Thị Thu Hằng';

  beforeAll(async () => {
    await w.start();
    diploma = await issueOneDiploma(w, 'Lê Thị Thu Hà');
    dir = mkdtempSync(join(tmpdir(), 'qn-verify-page-'));
    files.json = join(dir, 'van-bang.json');
    writeFileSync(files.json, JSON.stringify(diploma.document, null, 2));
    const tampered = structuredClone(diploma.document) as {
      credentialSubject: { identifier: Array<{ identityHash: string }> };
    };
    tampered.credentialSubject.identifier[0].identityHash = TAMPERED_NAME;
    files.tampered = join(dir, 'van-bang-sua.json');
    writeFileSync(files.tampered, JSON.stringify(tampered));
    files.png = join(dir, 'ma-qr.png');
    writeFileSync(
      files.png,
      await QRCode.toBuffer(link(w.publicUrl), { type: 'png', width: 480, margin: 4 }),
    );
    browser = await launchChromium();
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    await w.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The QR link under `base`: the public URL as printed, or '' for the path this test opens. */
  const link = (base: string) => qrLink(`${base}/verify`, diploma.credentialId, diploma.hash);

  const watched = new WeakMap<Page, { problems: string[]; elsewhere: string[] }>();
  async function open(width: number, path = '/verify'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: width < 500 ? 740 : 900 } });
    const seen = { problems: [] as string[], elsewhere: [] as string[] };
    watched.set(page, seen);
    page.on('pageerror', (e) => seen.problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text()))
        seen.problems.push(`console: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(w.url)) seen.elsewhere.push(r.url());
    });
    await page.goto(`${w.url}${path}`);
    return page;
  }

  async function shown(page: Page): Promise<Shown> {
    await page.waitForSelector('#result[aria-busy="false"] .verdict');
    return page.evaluate(() => {
      const text = (e: Element | null) => (e?.textContent ?? '').trim();
      const facts: Record<string, string> = {};
      document.querySelectorAll('#result .facts dt').forEach((dt) => {
        facts[text(dt)] = text(dt.nextElementSibling);
      });
      return {
        headline: text(document.querySelector('#result .verdict')),
        verdict: text(document.querySelector('#result .verdict-text')),
        checks: Array.from(document.querySelectorAll('#result .checks li')).map((li) => ({
          check: li.getAttribute('data-check') ?? '',
          outcome: li.className,
          mark: text(li.querySelector('.mark')),
          message: text(li.querySelector('.message')),
        })),
        facts,
        caution: document.querySelector('#result .caution')?.textContent ?? null,
      };
    });
  }

  async function finish(page: Page, name: string): Promise<void> {
    const seen = watched.get(page)!;
    // Fits the viewport: nothing wider than the screen on a phone.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    await page.screenshot({ path: screenshotPath(`credentials-verify-${name}`), fullPage: true });
    await page.close();
    expect(overflow).toBeLessThanOrEqual(0);
    expect(seen.problems).toEqual([]);
    expect(seen.elsewhere).toEqual([]);
  }

  async function submitFile(page: Page, path: string): Promise<Shown> {
    await page.setInputFiles('#file', path);
    await page.click('#submit');
    return shown(page);
  }

  it('is served with a strict CSP, Vietnamese, labelled and announced', async () => {
    const r = await fetch(`${w.url}/verify`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await r.text();
    expect(html).toContain('<html lang="vi">');
    // No inline script or style: the CSP would block it anyway.
    expect(html).not.toMatch(/<script>|<style|style="/);
    for (const asset of ['/verify/assets/verify-page.js', '/verify/assets/verify-page.css']) {
      const a = await fetch(`${w.url}${asset}`);
      expect(a.status).toBe(200);
    }
    const page = await open(1440);
    const a11y = await page.evaluate(() => ({
      unlabelled: Array.from(document.querySelectorAll('input, textarea'))
        .filter((e) => !document.querySelector(`label[for="${e.id}"]`))
        .map((e) => e.id),
      live: document.getElementById('result')?.getAttribute('aria-live'),
      h1: document.querySelector('h1')?.textContent,
    }));
    expect(a11y).toEqual({ unlabelled: [], live: 'polite', h1: 'Xác minh văn bằng tốt nghiệp' });
    await finish(page, 'empty-form');
  });

  for (const [size, width] of [
    ['1440', 1440],
    ['360', 360],
  ] as const) {
    describe(`at ${width} px`, () => {
      it('shows a valid diploma at once from its QR link, with six ✓ and what it says', async () => {
        const page = await open(width, link(''));
        const s = await shown(page);
        expect(s.headline).toBe('VĂN BẰNG HỢP LỆ');
        expect(s.verdict).toMatch(/^Văn bằng hợp lệ/);
        expect(s.checks.map((c) => [c.check, c.outcome, c.mark])).toEqual(
          CHECKS.map((c) => [c, 'passed', '✓']),
        );
        for (const c of s.checks) expect(c.message).not.toBe('');
        expect(s.facts).toEqual({
          'Loại văn bằng': 'Bằng tốt nghiệp trung học cơ sở',
          'Họ và tên': diploma.holderName,
          Trường: 'Trường THCS Cẩm Phả',
          'Năm tốt nghiệp': '2026',
          'Số hiệu': diploma.serialNumber,
          'Cơ quan cấp': 'Ủy ban nhân dân Phường Cẩm Phả',
          'Ngày cấp': expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/),
          'Mã văn bằng số': `urn:uuid:${diploma.credentialId}`,
        });
        expect(s.caution).toBeNull();
        await finish(page, `${size}-qr-link`);
      });

      it('verifies the credential uploaded as a .json file', async () => {
        const page = await open(width);
        const s = await submitFile(page, files.json);
        expect(s.headline).toBe('VĂN BẰNG HỢP LỆ');
        expect(s.checks.every((c) => c.outcome === 'passed')).toBe(true);
        expect(s.facts['Họ và tên']).toBe(diploma.holderName);
        // The result takes the focus, for keyboard and screen-reader users.
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('result');
        await finish(page, `${size}-json-file`);
      });

      it('refuses a tampered copy: the signature fails and the later checks say why they were not run', async () => {
        const page = await open(width);
        const s = await submitFile(page, files.tampered);
        expect(s.headline).toBe('VĂN BẰNG KHÔNG HỢP LỆ');
        expect(s.verdict).toMatch(/^Văn bằng KHÔNG hợp lệ: Chữ ký số không hợp lệ/);
        expect(s.checks.map((c) => [c.check, c.outcome, c.mark])).toEqual([
          ['well-formed', 'passed', '✓'],
          ['signature', 'failed', '✗'],
          ['issuer-trusted', 'passed', '✓'],
          ['not-expired', 'not-checked', '–'],
          ['status', 'not-checked', '–'],
          ['register', 'failed', '✗'],
        ]);
        expect(s.checks[3].message).toBe(
          'Chưa kiểm tra vì chữ ký số của văn bằng chưa được xác thực.',
        );
        expect(s.checks[4].message).toBe(s.checks[3].message);
        expect(s.checks[5].message).not.toBe('');
        // What the copy claims is shown only as the copy's claim.
        expect(s.facts['Họ và tên']).toBe(TAMPERED_NAME);
        expect(s.caution).toMatch(/chưa được xác thực/);
        await finish(page, `${size}-tampered`);
      });

      it('verifies a PNG photo of the QR code', async () => {
        const page = await open(width);
        const s = await submitFile(page, files.png);
        expect(s.headline).toBe('VĂN BẰNG HỢP LỆ');
        expect(s.checks.map((c) => c.outcome)).toEqual(CHECKS.map(() => 'passed'));
        await finish(page, `${size}-qr-photo`);
      });

      it('says clearly, in Vietnamese, that pasted garbage is not a diploma', async () => {
        const page = await open(width);
        await page.fill('#text', 'xin chào, đây không phải văn bằng');
        await page.click('#submit');
        const s = await shown(page);
        expect(s.headline).toBe('VĂN BẰNG KHÔNG HỢP LỆ');
        expect(s.verdict).toBe(
          'Không xác minh được: Nội dung không phải một văn bằng số hay đường dẫn xác minh của hệ thống.',
        );
        expect(s.checks[0]).toMatchObject({ check: 'well-formed', outcome: 'failed', mark: '✗' });
        expect(s.facts).toEqual({});
        await finish(page, `${size}-garbage`);
      });
    });
  }

  it('is usable with the keyboard alone: paste the QR text, submit with Enter', async () => {
    const page = await open(1440);
    // Tab from the top of the page to the text area, as a keyboard user would.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.id)) === 'text') break;
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('text');
    await page.keyboard.insertText(link(w.publicUrl));
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('submit');
    await page.keyboard.press('Enter');
    expect((await shown(page)).headline).toBe('VĂN BẰNG HỢP LỆ');
    await finish(page, '1440-keyboard');
  });

  it('explains the form’s own mistakes, a rate limit and a network failure in Vietnamese', async () => {
    const page = await open(360);
    await page.click('#submit');
    expect(await page.textContent('#form-error')).toBe(
      'Hãy chọn tệp hoặc dán nội dung văn bằng trước khi bấm Xác minh.',
    );
    // The API's answers are played here: the real limit is 20 a minute.
    await page.route('**/verification', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'Retry-After': '42', 'Content-Type': 'application/problem+json' },
        body: JSON.stringify({ status: 429, title: 'Too Many Requests' }),
      }),
    );
    await page.fill('#text', link(w.publicUrl));
    await page.click('#submit');
    let s = await shown(page);
    expect(s.headline).toBe('Không xác minh được');
    expect(s.verdict).toBe('Quá nhiều yêu cầu, thử lại sau 42 giây.');
    await page.screenshot({ path: screenshotPath('credentials-verify-360-rate-limited') });
    await page.unroute('**/verification');
    await page.route('**/verification', (route) => route.abort('internetdisconnected'));
    await page.click('#submit');
    s = await shown(page);
    expect(s.verdict).toBe(
      'Không kết nối được tới máy chủ xác minh. Kiểm tra kết nối mạng rồi thử lại.',
    );
    await page.unroute('**/verification');
    await finish(page, '360-network-error');
  });

  it('tells a visitor whose link is broken so, instead of a verdict', async () => {
    const page = await open(360, `/verify?c=not-a-uuid&h=${diploma.hash}`);
    const s = await shown(page);
    expect(s.verdict).toMatch(/^Đường dẫn xác minh không hợp lệ/);
    await finish(page, '360-broken-link');
  });
});

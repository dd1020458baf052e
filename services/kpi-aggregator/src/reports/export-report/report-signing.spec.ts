import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeys, issueCertificate, privateKeyPem, toPem } from '@qn/document-signing';
import type { KpiConfig } from '../../config';
import { administrativeForm } from '../domain/administrative-form';
import { completeness } from '../domain/completeness';
import type { ProvinceReport } from '../domain/report-model';
import { buildReportPdf } from './pdf-document';
import { ReportSigning } from './report-signing';

/**
 * A report signed with the issuing body's seal through the document-signing port (the demo CA
 * issues the seal's certificate on first use), checked as a PDF reader checks it: poppler's
 * pdfsig finds the signature valid, and invalid once a byte of the document changes.
 */
describe('report PDFs signed with the issuing body’s seal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qn-report-signing-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const report: ProvinceReport = {
    kind: 'year-end',
    schoolYear: '2025-2026',
    periodCode: '2025-2026',
    asOf: '2026-06-25',
    generatedAt: new Date('2026-06-25T03:00:00Z'),
    reportingUnit: { id: 'p', name: 'Tỉnh Quảng Ninh', kind: 'province' },
    form: administrativeForm(
      { kind: 'province', name: 'Tỉnh Quảng Ninh' },
      'year-end',
      '2025-2026',
      '2026-06-25',
    ),
    unitsDueOn: '2026-06-10',
    segments: [],
    rows: [],
    completeness: completeness([], [], { dueOn: '2026-06-10' }, '2026-06-25'),
  };

  beforeAll(async () => {
    const keys = await generateKeys('ES256');
    const now = Date.now();
    const root = await issueCertificate({
      subject: 'CN=DEMO Root CA, O=DEMO, C=VN',
      keys,
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 365 * 86_400_000),
      ca: true,
    });
    writeFileSync(join(dir, 'ca.key.pem'), await privateKeyPem(keys));
    writeFileSync(join(dir, 'ca.chain.pem'), toPem(root));
    writeFileSync(
      join(dir, 'pki.json'),
      JSON.stringify({ demoCa: { keyFile: 'ca.key.pem', chainFile: 'ca.chain.pem' } }),
    );
  });

  const config = (over: Partial<KpiConfig>) => over as KpiConfig;

  it('signs nothing when REPORTS_SIGNER=none', async () => {
    expect(await new ReportSigning(config({ REPORTS_SIGNER: 'none' })).sealFor(report)).toBeNull();
  });

  it('refuses demo-ca without the demo PKI folder', () => {
    expect(() => new ReportSigning(config({ REPORTS_SIGNER: 'demo-ca' }))).toThrow(
      /REPORTS_DEMO_PKI_DIR/,
    );
  });

  it('signs the PDF so that pdfsig finds it valid, and invalid once changed', async () => {
    const signing = new ReportSigning(
      config({ REPORTS_SIGNER: 'demo-ca', REPORTS_DEMO_PKI_DIR: dir }),
    );
    const seal = (await signing.sealFor(report))!;
    expect(seal.name).toContain('SỞ GIÁO DỤC VÀ ĐÀO TẠO');
    const signingTime = new Date('2026-06-25T03:05:00Z');
    const signed = await signing.sign(
      await buildReportPdf({ ...report, signature: { signerName: seal.name, signingTime } }),
      seal,
      signingTime,
    );
    const file = join(dir, 'signed.pdf');
    writeFileSync(file, signed);
    const out = execFileSync('pdfsig', [file], { encoding: 'utf8' });
    expect(out).toContain('Signature is Valid');
    expect(out).toMatch(/Signer Certificate Common Name: .*SỞ GIÁO DỤC VÀ ĐÀO TẠO/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Đã ký số');
    expect(text).toContain('25/06/2026 10:05');

    // One byte inside the signed range changed: no longer valid.
    const at = signed.indexOf('/Type /Catalog');
    const changed = Buffer.from(signed);
    changed[at + 1] = 'X'.charCodeAt(0);
    writeFileSync(join(dir, 'changed.pdf'), changed);
    let bad = '';
    try {
      bad = execFileSync('pdfsig', [join(dir, 'changed.pdf')], { encoding: 'utf8' });
    } catch (e) {
      bad = String((e as { stdout?: string }).stdout ?? '');
    }
    expect(bad).not.toContain('Signature is Valid');
  });
});

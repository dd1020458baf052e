/**
 * Signs the demo học bạ with the demo PKI's teacher, principal and seal, verifies it, and writes
 * the signed JWS, the verification report and the printable PDF (signed by the seal) next to the
 * PKI: `node services/records/demo/dist/demo/cli/sign-demo-record.js [pki folder]`. Run
 * generate-pki.js first.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  LocalKeySigner,
  readKeyManifest,
  LocalRevocationList,
  parsePemBundle,
  CmsPdfSigner,
} from '@qn/document-signing';
import { verifyRecord } from '../../src/shared/signing/domain/verify-record';
import { signRecord } from '../../src/shared/signing/sign-record';
import { renderRecordPdf, verificationUrl } from '../../src/shared/rendition/record-pdf';
import type { DemoPkiManifest } from '../demo-pki';
import { demoRecord } from '../demo-record';

async function main(): Promise<void> {
  const dir = resolve(
    process.argv[2] ?? join(__dirname, '..', '..', '..', '..', '.local', 'demo-pki'),
  );
  const manifest = JSON.parse(readFileSync(join(dir, 'pki.json'), 'utf8')) as DemoPkiManifest;
  const signer = new LocalKeySigner(readKeyManifest(join(dir, 'pki.json')));
  const document = demoRecord();
  const mine = manifest.signers.filter((s) => s.schoolId === document.schoolId);
  const jws = await signRecord(
    document,
    mine.map((s) => ({ signer, identity: { id: s.identityId, role: s.role } })),
  );
  const report = await verifyRecord(document, jws, {
    now: new Date(),
    trustAnchors: manifest.trustAnchors.map((f) => readFileSync(join(dir, f), 'utf8')),
    registeredSigners: manifest.registeredSigners,
    revocation: new LocalRevocationList([]),
  });
  for (const c of report.checks)
    console.log(
      `${c.ok ? 'ok  ' : 'FAIL'} ${c.check.padEnd(20)} ${c.target.padEnd(36)} ${c.detail}`,
    );

  const seal = mine.find((s) => s.role === 'school-seal')!;
  const pdf = await renderRecordPdf(
    {
      document,
      signatures: report.signatures.filter((s) => s.valid),
      verificationUrl: verificationUrl(
        process.env.RECORDS_VERIFY_URL ?? 'https://hocba.demo.example/verify',
        document,
      ),
      renderedAt: new Date(),
    },
    {
      signer: new CmsPdfSigner(
        createPrivateKey(readFileSync(join(dir, seal.keyFile), 'utf8')),
        parsePemBundle(readFileSync(join(dir, seal.chainFile), 'utf8')),
      ),
      name: String((document.body.school as { name: string }).name),
      location: 'Quảng Ninh',
      signingTime: new Date(),
    },
  );
  writeFileSync(join(dir, 'hoc-ba-demo.jws.json'), JSON.stringify({ document, jws }, null, 2));
  writeFileSync(join(dir, 'hoc-ba-demo.report.json'), JSON.stringify(report, null, 2));
  writeFileSync(join(dir, 'hoc-ba-demo.pdf'), pdf);
  console.log(
    `${report.valid ? 'valid' : 'NOT valid'}; written to ${dir}/hoc-ba-demo.{jws.json,report.json,pdf}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LocalKeySigner,
  readKeyManifest,
  LocalRevocationList,
  readTrustAnchors,
} from '@qn/document-signing';
import { verifyRecord } from '../src/shared/signing/domain/verify-record';
import { signRecord } from '../src/shared/signing/sign-record';
import { generateDemoPki, writeDemoPki } from './demo-pki';
import { demoRecord } from './demo-record';

describe('demo PKI on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'records-demo-pki-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes anchors, keys (0600) and a manifest the local signer loads, and a record signed from it verifies', async () => {
    const manifest = await writeDemoPki(await generateDemoPki(), dir);
    expect(manifest.signers).toHaveLength(6);
    expect(statSync(join(dir, manifest.signers[0].keyFile)).mode & 0o777).toBe(0o600);

    const signer = new LocalKeySigner(readKeyManifest(join(dir, 'pki.json')));
    const doc = demoRecord();
    const jws = await signRecord(
      doc,
      manifest.signers
        .filter((s) => s.schoolId === doc.schoolId)
        .map((s) => ({ signer, identity: { id: s.identityId, role: s.role } })),
    );
    const report = await verifyRecord(doc, jws, {
      now: new Date(Date.now() + 60_000),
      trustAnchors: readTrustAnchors(manifest.trustAnchors.map((f) => join(dir, f))),
      registeredSigners: manifest.registeredSigners,
      revocation: new LocalRevocationList([]),
    });
    expect(report.failures).toEqual([]);
  });
});

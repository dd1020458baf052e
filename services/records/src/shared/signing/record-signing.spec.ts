import { demoRecord } from '../../../demo/demo-record';
import {
  generateDemoPki,
  generateKeys,
  issueCertificate,
  privateKeyPem,
  type DemoPki,
} from '../../../demo/demo-pki';
import {
  LocalKeySigner,
  LocalRevocationList,
  toPem,
  type SignerIdentity,
} from '@qn/document-signing';
import { canonicalJson, recordHash } from './domain/canonical';
import {
  correctionOf,
  type GeneralJws,
  type RecordDocument,
  type SignedVersion,
} from './domain/record';
import { verifyRecord, type RegisteredSigner, type VerifyOptions } from './domain/verify-record';
import { signRecord } from './sign-record';

const NOW = new Date('2026-06-01T08:00:00Z');
const SIGNED_AT = new Date('2026-05-30T02:00:00Z');
const SCHOOL = 'demo-thpt-ha-long';

const sampleRecord = (): RecordDocument => demoRecord(SCHOOL);

describe('học bạ signing and verification', () => {
  let pki: DemoPki;
  let signer: LocalKeySigner;
  let registered: RegisteredSigner[];
  let options: VerifyOptions;
  const who = (role: SignerIdentity['role']): SignerIdentity => ({ id: `${SCHOOL}/${role}`, role });
  const allThree = () =>
    (['homeroom-teacher', 'principal', 'school-seal'] as const).map((r) => ({
      signer,
      identity: who(r),
    }));

  beforeAll(async () => {
    pki = await generateDemoPki(new Date('2026-01-01T00:00:00Z'));
    signer = new LocalKeySigner(
      pki.credentials.map((c) => ({
        identityId: c.identityId,
        privateKeyPem: c.privateKeyPem,
        chainPem: c.chain.map(toPem).join(''),
      })),
      () => SIGNED_AT,
    );
    registered = pki.credentials.map((c) => ({
      role: c.role,
      schoolId: c.schoolId,
      certificateSha256: c.fingerprint,
    }));
    options = {
      now: NOW,
      trustAnchors: [toPem(pki.vgcaRoot.cert), toPem(pki.publicCaRoot.cert)],
      registeredSigners: registered,
      revocation: new LocalRevocationList([]),
    };
  });

  const failed = (r: { failures: { check: string; failure?: string }[] }) =>
    r.failures.map((f) => `${f.check}:${f.failure}`);

  it('canonicalises with JCS (sorted keys, no whitespace) and hashes the canonical bytes', () => {
    expect(canonicalJson({ b: [1, 'x'], a: { d: 1.5, c: null } })).toBe(
      '{"a":{"c":null,"d":1.5},"b":[1,"x"]}',
    );
    const doc = sampleRecord();
    const reordered = Object.fromEntries(Object.entries(doc).reverse()) as RecordDocument;
    expect(recordHash(reordered)).toBe(recordHash(doc));
    expect(recordHash(doc)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signs with the three roles in one General JWS and verifies every check', async () => {
    const doc = sampleRecord();
    const jws = await signRecord(doc, allThree());
    expect(jws.signatures).toHaveLength(3);
    const header = JSON.parse(Buffer.from(jws.signatures[1].protected, 'base64url').toString());
    expect(header).toMatchObject({
      alg: 'ES256',
      role: 'principal',
      sigT: '2026-05-30T02:00:00Z',
      crit: ['role', 'sigT'],
    });
    expect(header.x5c).toHaveLength(2); // leaf + VGCA issuing CA

    const report = await verifyRecord(doc, jws, options);
    expect(failed(report)).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => [s.role, s.signer])).toEqual([
      ['homeroom-teacher', 'Nguyễn Thị Hoa'],
      ['principal', 'Trần Văn Minh'],
      ['school-seal', 'Trường THPT Demo Hạ Long'],
    ]);
    expect(report.checks.map((c) => c.check).slice(0, 9)).toEqual([
      'payload',
      'signature',
      'signing-time',
      'certificate-chain',
      'certificate-validity',
      'key-usage',
      'revocation',
      'expected-signer',
      'signature',
    ]);
    // Deterministic: the same inputs, the same report.
    expect(await verifyRecord(doc, jws, options)).toEqual(report);
  });

  it('verifies a private school signed under the public CA root (no intermediate)', async () => {
    const doc = {
      ...sampleRecord(),
      schoolId: 'demo-lien-cap-uong-bi',
      recordId: 'demo-lien-cap-uong-bi/HS-9/2025-2026',
    };
    const jws = await signRecord(
      doc,
      (['homeroom-teacher', 'principal', 'school-seal'] as const).map((role) => ({
        signer,
        identity: { id: `demo-lien-cap-uong-bi/${role}`, role },
      })),
    );
    const report = await verifyRecord(doc, jws, options);
    expect(failed(report)).toEqual([]);
  });

  it('detects a changed mark: the payload check fails and names the field', async () => {
    const doc = sampleRecord();
    const jws = await signRecord(doc, allThree());
    const tampered = sampleRecord();
    (tampered.body.subjects as { year: string }[])[0].year = '9.5';
    const report = await verifyRecord(tampered, jws, options);
    expect(report.valid).toBe(false);
    expect(failed(report)).toEqual(['payload:payload-mismatch']);
    expect(report.failures[0].detail).toContain('$.body.subjects[0].year');
  });

  it('detects a swapped signature value and a signature taken from another record', async () => {
    const doc = sampleRecord();
    const jws = await signRecord(doc, allThree());
    const swapped: GeneralJws = {
      payload: jws.payload,
      signatures: [
        { ...jws.signatures[0], signature: jws.signatures[1].signature },
        jws.signatures[1],
        jws.signatures[2],
      ],
    };
    const report = await verifyRecord(doc, swapped, options);
    expect(failed(report)).toEqual(['signature:bad-signature', 'required-roles:missing-role']);
    expect(report.failures[0].target).toBe('v1 signature #0 (homeroom-teacher)');
    expect(report.failures[1].detail).toContain('homeroom-teacher');

    const other = {
      ...sampleRecord(),
      learnerId: 'HS-0002',
      recordId: `${SCHOOL}/HS-0002/2025-2026`,
    };
    const otherJws = await signRecord(other, allThree());
    const grafted: GeneralJws = {
      payload: jws.payload,
      signatures: [otherJws.signatures[0], ...jws.signatures.slice(1)],
    };
    expect(failed(await verifyRecord(doc, grafted, options))).toEqual([
      'signature:bad-signature',
      'required-roles:missing-role',
    ]);
  });

  it('reports a missing role', async () => {
    const doc = sampleRecord();
    const jws = await signRecord(doc, allThree().slice(0, 2));
    const report = await verifyRecord(doc, jws, options);
    expect(failed(report)).toEqual(['required-roles:missing-role']);
    expect(report.failures[0].detail).toBe('no valid signature from: school-seal');
  });

  it('refuses a chain to an unconfigured root', async () => {
    const doc = sampleRecord();
    const jws = await signRecord(doc, allThree());
    const report = await verifyRecord(doc, jws, {
      ...options,
      trustAnchors: [toPem(pki.publicCaRoot.cert)],
    });
    expect(report.valid).toBe(false);
    expect(failed(report)).toContain('certificate-chain:untrusted-anchor');
    expect(report.failures.find((f) => f.check === 'certificate-chain')!.detail).toContain(
      'DEMO VGCA Root CA',
    );
  });

  it('refuses an expired certificate, a certificate not for signing, a revoked one, an unregistered one', async () => {
    const doc = sampleRecord();
    const issuer = pki.vgcaIssuing;
    const make = async (id: string, p: { notAfter?: Date; keyUsage?: number }) => {
      const keys = await generateKeys('ES256');
      const cert = await issueCertificate({
        subject: `CN=${id}, O=Trường THPT Demo Hạ Long, C=VN`,
        keys,
        issuer,
        notBefore: new Date('2025-01-01T00:00:00Z'),
        notAfter: p.notAfter ?? new Date('2028-01-01T00:00:00Z'),
        keyUsage: p.keyUsage,
      });
      return {
        identityId: id,
        cert,
        privateKeyPem: await privateKeyPem(keys),
        chainPem: toPem(cert) + toPem(issuer.cert),
      };
    };
    const expired = await make('expired', { notAfter: new Date('2026-05-01T00:00:00Z') });
    const encipherOnly = await make('encipher', { keyUsage: 0x20 /* keyEncipherment */ });
    const revoked = await make('revoked', {});
    const local = new LocalKeySigner([expired, encipherOnly, revoked], () => SIGNED_AT);
    const reg = (c: { cert: { rawData: ArrayBuffer } } & { identityId: string }) => ({
      role: 'homeroom-teacher' as const,
      schoolId: SCHOOL,
      certificateSha256: require('node:crypto')
        .createHash('sha256')
        .update(Buffer.from(c.cert.rawData))
        .digest('hex'),
    });
    const opts: VerifyOptions = {
      ...options,
      registeredSigners: [...registered, reg(expired), reg(encipherOnly), reg(revoked)],
      revocation: new LocalRevocationList([
        {
          issuer: revoked.cert.issuer,
          serialNumber: revoked.cert.serialNumber,
          revokedAt: new Date('2026-05-01T00:00:00Z'),
          reason: 'keyCompromise',
        },
      ]),
    };
    const rest = allThree().slice(1);
    const withTeacher = async (id: string) =>
      verifyRecord(
        doc,
        await signRecord(doc, [
          { signer: local, identity: { id, role: 'homeroom-teacher' } },
          ...rest,
        ]),
        opts,
      );

    expect(failed(await withTeacher('expired'))).toEqual([
      'certificate-validity:expired',
      'required-roles:missing-role',
    ]);
    expect(failed(await withTeacher('encipher'))).toEqual([
      'key-usage:wrong-key-usage',
      'required-roles:missing-role',
    ]);
    expect(failed(await withTeacher('revoked'))).toEqual([
      'revocation:revoked',
      'required-roles:missing-role',
    ]);

    // Revoked after the signing time: the signature made before stays good.
    const later: VerifyOptions = {
      ...opts,
      revocation: new LocalRevocationList([
        {
          issuer: revoked.cert.issuer,
          serialNumber: revoked.cert.serialNumber,
          revokedAt: new Date('2026-05-31T00:00:00Z'),
        },
      ]),
    };
    const jwsLater = await signRecord(doc, [
      { signer: local, identity: { id: 'revoked', role: 'homeroom-teacher' } },
      ...rest,
    ]);
    expect(failed(await verifyRecord(doc, jwsLater, later))).toEqual([]);

    // The principal's certificate used for the teacher's role: not who the school registered.
    const wrongRole = await signRecord(doc, [
      { signer, identity: { id: `${SCHOOL}/principal`, role: 'homeroom-teacher' } },
      ...rest,
    ]);
    expect(failed(await verifyRecord(doc, wrongRole, options))).toEqual([
      'expected-signer:unexpected-signer',
      'required-roles:missing-role',
    ]);
  });

  it('signs and verifies with an EdDSA (Ed25519) key', async () => {
    const keys = await generateKeys('EdDSA');
    const cert = await issueCertificate({
      subject: 'CN=Ed Teacher, O=Trường THPT Demo Hạ Long, C=VN',
      keys,
      issuer: pki.vgcaIssuing,
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2027-01-01T00:00:00Z'),
    });
    const ed = new LocalKeySigner(
      [
        {
          identityId: 'ed',
          privateKeyPem: await privateKeyPem(keys),
          chainPem: toPem(cert) + toPem(pki.vgcaIssuing.cert),
        },
      ],
      () => SIGNED_AT,
    );
    const doc = sampleRecord();
    const jws = await signRecord(doc, [
      { signer: ed, identity: { id: 'ed', role: 'homeroom-teacher' } },
      ...allThree().slice(1),
    ]);
    expect(JSON.parse(Buffer.from(jws.signatures[0].protected, 'base64url').toString()).alg).toBe(
      'EdDSA',
    );
    const { createHash } = require('node:crypto');
    const fp = createHash('sha256').update(Buffer.from(cert.rawData)).digest('hex');
    const report = await verifyRecord(doc, jws, {
      ...options,
      registeredSigners: [
        ...registered,
        { role: 'homeroom-teacher', schoolId: SCHOOL, certificateSha256: fp },
      ],
    });
    expect(failed(report)).toEqual([]);
    // A verifier that accepts only ES256 refuses it and says why.
    const es256Only = await verifyRecord(doc, jws, { ...options, algorithms: ['ES256'] });
    expect(failed(es256Only)).toContain('signature:unsupported-algorithm');
  });

  it('refuses a signing time in the future', async () => {
    const doc = sampleRecord();
    const jws = await signRecord(doc, allThree());
    const report = await verifyRecord(doc, jws, {
      ...options,
      now: new Date('2026-05-01T00:00:00Z'),
    });
    expect(failed(report)).toContain('signing-time:signed-in-future');
  });

  describe('corrections (đính chính)', () => {
    async function twoVersions(): Promise<{ v1: SignedVersion; v2: SignedVersion }> {
      const d1 = sampleRecord();
      const v1 = { document: d1, jws: await signRecord(d1, allThree()) };
      const body = JSON.parse(JSON.stringify(d1.body));
      body.subjects[1].termII = '8.0';
      const d2 = correctionOf(d1, recordHash(d1), body, 'Nhập sai điểm Ngữ văn cuối năm');
      return { v1, v2: { document: d2, jws: await signRecord(d2, allThree()) } };
    }

    it('verifies a correction with its history', async () => {
      const { v1, v2 } = await twoVersions();
      const report = await verifyRecord(v2.document, v2.jws, { ...options, history: [v1] });
      expect(failed(report)).toEqual([]);
      const history = report.checks.filter((c) => c.check === 'history');
      expect(history.map((c) => c.target)).toEqual(['v1 → v2', 'v1']);
      expect(history[0].detail).toContain('Nhập sai điểm Ngữ văn');
      // The earlier version's own signatures were verified too.
      expect(report.signatures.filter((s) => s.version === 1)).toHaveLength(3);
    });

    it('detects a broken history: missing, altered or substituted earlier version', async () => {
      const { v1, v2 } = await twoVersions();
      expect(failed(await verifyRecord(v2.document, v2.jws, options))).toEqual([
        'history:history-missing',
      ]);

      // The stored v1 changed after v2 was signed: the hash link breaks (and v1's own payload).
      const altered = JSON.parse(JSON.stringify(v1)) as SignedVersion;
      (altered.document.body.subjects as { year: string }[])[2].year = '10.0';
      const r = await verifyRecord(v2.document, v2.jws, { ...options, history: [altered] });
      expect(failed(r)).toEqual(['history:history-broken', 'payload:payload-mismatch']);
      expect(r.failures[0].detail).toContain('v1 hashes to');

      // A correction that claims to follow a version of another record.
      const other = {
        ...sampleRecord(),
        learnerId: 'HS-0002',
        recordId: `${SCHOOL}/HS-0002/2025-2026`,
      };
      const otherV1 = { document: other, jws: await signRecord(other, allThree()) };
      const forged = correctionOf(other, recordHash(other), v2.document.body, 'x');
      const forgedAsV2 = { ...forged, learnerId: 'HS-0001', recordId: v2.document.recordId };
      const rf = await verifyRecord(forgedAsV2, await signRecord(forgedAsV2, allThree()), {
        ...options,
        history: [otherV1],
      });
      expect(failed(rf)).toEqual(['history:history-broken']);
      expect(rf.failures[0].detail).toContain('recordId changed');
    });
  });
});

import { webcrypto } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  certificateFingerprint,
  toPem,
  type Certificate,
  generateKeys,
  issueCertificate,
  privateKeyPem,
  type DemoKeyKind,
  type Issuer,
  type IssueParams,
  type KeyManifestEntry,
} from '@qn/document-signing';
import type { SignerRole } from '../src/shared/signing/domain/record';

type KeyPair = webcrypto.CryptoKeyPair;
export { generateKeys, issueCertificate, privateKeyPem };
export type { DemoKeyKind, Issuer, IssueParams };

export interface DemoSchool {
  id: string;
  name: string;
  /** Public schools' certificates come from VGCA, private schools' from a licensed public CA. */
  kind: 'public' | 'private';
  town: string;
}

export const DEMO_SCHOOLS: DemoSchool[] = [
  { id: 'demo-thpt-ha-long', name: 'Trường THPT Demo Hạ Long', kind: 'public', town: 'Hạ Long' },
  {
    id: 'demo-lien-cap-uong-bi',
    name: 'Trường Liên cấp Demo Uông Bí',
    kind: 'private',
    town: 'Uông Bí',
  },
];

const DEMO_PEOPLE: Record<string, { teacher: string; principal: string }> = {
  'demo-thpt-ha-long': { teacher: 'Nguyễn Thị Hoa', principal: 'Trần Văn Minh' },
  'demo-lien-cap-uong-bi': { teacher: 'Lê Thu Trang', principal: 'Phạm Quốc Bảo' },
};

export interface DemoCredential {
  identityId: string;
  role: SignerRole;
  schoolId: string;
  name: string;
  keys: KeyPair;
  privateKeyPem: string;
  /** Leaf first, up to (not including) the root: what goes into x5c. */
  chain: Certificate[];
  fingerprint: string;
}

export interface DemoPki {
  /** The trust anchors to configure: VGCA-like root (public schools), public-CA root (private). */
  vgcaRoot: Issuer;
  vgcaIssuing: Issuer;
  publicCaRoot: Issuer;
  schools: DemoSchool[];
  credentials: DemoCredential[];
}

const DAY = 86_400_000;

/**
 * A demo PKI shaped like the real one: a "VGCA-like" root (Ban Cơ yếu Chính phủ) with an issuing
 * CA for public schools' staff and seals, and a licensed public CA's root issuing directly for a
 * private school. Every key is generated here; nothing of it is real or committed.
 */
export async function generateDemoPki(now = new Date()): Promise<DemoPki> {
  const t = now.getTime();
  const rootKeys = await generateKeys();
  const vgcaRoot: Issuer = {
    keys: rootKeys,
    cert: await issueCertificate({
      subject: 'CN=DEMO VGCA Root CA, O=DEMO Ban Cơ yếu Chính phủ, C=VN',
      keys: rootKeys,
      ca: true,
      notBefore: new Date(t - 365 * DAY),
      notAfter: new Date(t + 20 * 365 * DAY),
    }),
  };
  const issuingKeys = await generateKeys();
  const vgcaIssuing: Issuer = {
    keys: issuingKeys,
    cert: await issueCertificate({
      subject: 'CN=DEMO VGCA Issuing CA, O=DEMO Ban Cơ yếu Chính phủ, C=VN',
      keys: issuingKeys,
      issuer: vgcaRoot,
      ca: true,
      notBefore: new Date(t - 300 * DAY),
      notAfter: new Date(t + 10 * 365 * DAY),
    }),
  };
  const publicKeys = await generateKeys();
  const publicCaRoot: Issuer = {
    keys: publicKeys,
    cert: await issueCertificate({
      subject: 'CN=DEMO Public CA Root, O=DEMO Licensed Public CA, C=VN',
      keys: publicKeys,
      ca: true,
      notBefore: new Date(t - 365 * DAY),
      notAfter: new Date(t + 20 * 365 * DAY),
    }),
  };

  const credentials: DemoCredential[] = [];
  for (const school of DEMO_SCHOOLS) {
    const issuer = school.kind === 'public' ? vgcaIssuing : publicCaRoot;
    const upChain = school.kind === 'public' ? [vgcaIssuing.cert] : [];
    const where = `L=${school.town}, ST=Quảng Ninh, C=VN`;
    const people = DEMO_PEOPLE[school.id];
    const subjects: [SignerRole, string, string][] = [
      [
        'homeroom-teacher',
        people.teacher,
        `CN=${people.teacher}, OU=Giáo viên, O=${school.name}, ${where}`,
      ],
      [
        'principal',
        people.principal,
        `CN=${people.principal}, OU=Hiệu trưởng, O=${school.name}, ${where}`,
      ],
      // The organisation-seal certificate (chứng thư số con dấu) names the school itself.
      ['school-seal', school.name, `CN=${school.name}, O=${school.name}, ${where}`],
    ];
    for (const [role, name, subject] of subjects) {
      const keys = await generateKeys();
      const cert = await issueCertificate({
        subject,
        keys,
        issuer,
        notBefore: new Date(t - 30 * DAY),
        notAfter: new Date(t + 3 * 365 * DAY),
      });
      credentials.push({
        identityId: `${school.id}/${role}`,
        role,
        schoolId: school.id,
        name,
        keys,
        privateKeyPem: await privateKeyPem(keys),
        chain: [cert, ...upChain],
        fingerprint: certificateFingerprint(cert),
      });
    }
  }
  return { vgcaRoot, vgcaIssuing, publicCaRoot, schools: DEMO_SCHOOLS, credentials };
}

/** What a deployment configures from the demo PKI: anchors and registered signers. */
export interface DemoPkiManifest {
  generatedAt: string;
  trustAnchors: string[];
  registeredSigners: {
    role: SignerRole;
    schoolId: string;
    name: string;
    certificateSha256: string;
  }[];
  signers: KeyManifestEntry[];
  /** The VGCA-like issuing CA's key and chain (issuing CA, root): what the demo CA signer issues with. */
  demoCa: { keyFile: string; chainFile: string };
}

/**
 * Writes the demo PKI to a folder (keys 0600): anchors/*.pem, one folder per signer with
 * key.pem and chain.pem, and pki.json (readKeyManifest reads it).
 */
export async function writeDemoPki(
  pki: DemoPki,
  dir: string,
  now = new Date(),
): Promise<DemoPkiManifest> {
  mkdirSync(join(dir, 'anchors'), { recursive: true });
  mkdirSync(join(dir, 'ca'), { recursive: true });
  writeFileSync(join(dir, 'ca', 'issuing-key.pem'), await privateKeyPem(pki.vgcaIssuing.keys), {
    mode: 0o600,
  });
  writeFileSync(
    join(dir, 'ca', 'issuing-chain.pem'),
    toPem(pki.vgcaIssuing.cert) + toPem(pki.vgcaRoot.cert),
  );
  writeFileSync(join(dir, 'anchors', 'demo-vgca-root.pem'), toPem(pki.vgcaRoot.cert));
  writeFileSync(join(dir, 'anchors', 'demo-public-ca-root.pem'), toPem(pki.publicCaRoot.cert));
  const signers: KeyManifestEntry[] = [];
  for (const c of pki.credentials) {
    const folder = c.identityId.replace(/[^a-z0-9-]+/gi, '_');
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, folder, 'key.pem'), c.privateKeyPem, { mode: 0o600 });
    writeFileSync(join(dir, folder, 'chain.pem'), c.chain.map(toPem).join(''));
    signers.push({
      identityId: c.identityId,
      role: c.role,
      schoolId: c.schoolId,
      keyFile: `${folder}/key.pem`,
      chainFile: `${folder}/chain.pem`,
    });
  }
  const manifest: DemoPkiManifest = {
    generatedAt: now.toISOString(),
    trustAnchors: ['anchors/demo-vgca-root.pem', 'anchors/demo-public-ca-root.pem'],
    registeredSigners: pki.credentials.map((c) => ({
      role: c.role,
      schoolId: c.schoolId,
      name: c.name,
      certificateSha256: c.fingerprint,
    })),
    signers,
    demoCa: { keyFile: 'ca/issuing-key.pem', chainFile: 'ca/issuing-chain.pem' },
  };
  writeFileSync(join(dir, 'pki.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

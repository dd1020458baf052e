import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import type { RecordsConfig } from '../../config';
import type { RecordsSectorDatabase } from '../sector-database/records-sector-database';
import { sectorDatabaseFor } from '../sector-database/sector-database-setup';
import {
  DemoCaSigner,
  readDemoCa,
  LocalKeySigner,
  readKeyManifest,
  LocalRevocationList,
  HttpRemoteSigningClient,
  RemoteSigner,
  readTrustAnchors,
  parsePemBundle,
  type Certificate,
  type DocumentSigner,
  type RevocationChecker,
} from '@qn/document-signing';
import { isSignerRole, type SignerRole } from '../signing/domain/record';

/** Everything signing and verifying a học bạ needs, as configured. */
export interface RecordSigning {
  /** Undefined when RECORDS_SIGNER=none: signing is refused (503), verification still works. */
  signer?: DocumentSigner;
  trustAnchors: Certificate[];
  revocation: RevocationChecker;
  sector: RecordsSectorDatabase;
}

export const RECORD_SIGNING = Symbol('RECORD_SIGNING');

interface PkiManifest {
  trustAnchors: string[];
  registeredSigners: { role: SignerRole; schoolId: string; certificateSha256: string }[];
}

/**
 * Builds the signing setup from the configuration. The demo and test signers say so in the log:
 * their keys are software keys the service holds, which real records never use.
 */
export async function recordSigningFor(config: RecordsConfig): Promise<RecordSigning> {
  const log = new Logger('RecordSigning');
  const sector = sectorDatabaseFor(config);
  const trustAnchors = readTrustAnchors(config.RECORDS_TRUST_ANCHORS);
  // Certificate status: a local list (empty) until an OCSP/CRL adapter is configured.
  const revocation = new LocalRevocationList([]);
  if (config.RECORDS_SIGNER === 'none') return { trustAnchors, revocation, sector };
  if (config.RECORDS_SIGNER === 'remote') {
    const token = config.RECORDS_REMOTE_SIGNING_TOKEN!;
    const client = new HttpRemoteSigningClient(config.RECORDS_REMOTE_SIGNING_URL!, () => token);
    return { signer: new RemoteSigner(client), trustAnchors, revocation, sector };
  }
  const dir = resolve(config.RECORDS_DEMO_PKI_DIR!);
  const manifest = JSON.parse(readFileSync(join(dir, 'pki.json'), 'utf8')) as PkiManifest;
  const anchors = [
    ...trustAnchors,
    ...readTrustAnchors(manifest.trustAnchors.map((f) => join(dir, f))),
  ];
  if (config.RECORDS_SIGNER === 'local-keys') {
    for (const r of manifest.registeredSigners)
      await sector.registerSigner({
        identityId: `${r.schoolId}/${r.role}`,
        role: r.role,
        schoolId: r.schoolId,
        certificateSha256: r.certificateSha256,
        certificatePem: '',
      });
    log.warn('RECORDS_SIGNER=local-keys: software keys from a key manifest (demo and tests only)');
    return {
      signer: new LocalKeySigner(readKeyManifest(join(dir, 'pki.json'))),
      trustAnchors: anchors,
      revocation,
      sector,
    };
  }
  const demoCa = readDemoCa(dir);
  const caRoot = parsePemBundle(demoCa.caChainPem).at(-1)!;
  log.warn(
    'RECORDS_SIGNER=demo-ca: the demo CA issues software keys on first use (demo and tests only)',
  );
  return {
    signer: new DemoCaSigner({
      ...demoCa,
      // Records asks the demo CA only for its own roles (homeroom teacher, principal, seal).
      register: (issued) => {
        if (!isSignerRole(issued.role)) throw new Error(`not a học bạ signer: ${issued.role}`);
        return sector.registerSigner({ ...issued, role: issued.role });
      },
    }),
    trustAnchors: anchors.some((a) => a.equal(caRoot)) ? anchors : [...anchors, caRoot],
    revocation,
    sector,
  };
}

import { createPrivateKey, webcrypto, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlattenedJws } from '../jws';
import type { SignerRole } from '../jws';
import {
  certificateFingerprint,
  parsePemBundle,
  toPem,
  type Certificate,
} from '../pki/certificates';
import { generateKeys, issueCertificate, privateKeyPem } from '../pki/issue-certificate';
import type { DocumentSigner, SignerIdentity } from '../ports/document-signer';
import { LocalKeySigner } from './local-key-signer';

/** A certificate the demo CA issued, as the sector database registers it. */
export interface IssuedSigner {
  identityId: string;
  role: SignerRole;
  schoolId: string;
  certificateSha256: string;
  certificatePem: string;
}

export interface DemoCaOptions {
  /** The issuing CA's private key (PKCS#8 PEM, ECDSA P-256). */
  caKeyPem: string;
  /** The issuing CA's certificate, then up to (and including) its root. */
  caChainPem: string;
  /** Called once per certificate issued, before it signs anything (the registration). */
  register: (issued: IssuedSigner) => Promise<void>;
  clock?: () => Date;
}

/**
 * The demo CA's key and chain, as a demo PKI folder's `pki.json` names them (`demoCa`): what
 * every service configured with the demo CA reads.
 */
export function readDemoCa(dir: string): Pick<DemoCaOptions, 'caKeyPem' | 'caChainPem'> {
  const manifest = JSON.parse(readFileSync(join(dir, 'pki.json'), 'utf8')) as {
    demoCa?: { keyFile: string; chainFile: string };
  };
  if (!manifest.demoCa)
    throw new Error(`${dir}/pki.json has no demo CA (generate the demo PKI again)`);
  return {
    caKeyPem: readFileSync(join(dir, manifest.demoCa.keyFile), 'utf8'),
    caChainPem: readFileSync(join(dir, manifest.demoCa.chainFile), 'utf8'),
  };
}

const DAY = 86_400_000;
/** A name in a distinguished name: commas and the like would split it. */
const dnValue = (s: string) => s.replace(/[,+="<>#;\\]/g, ' ').trim();

/**
 * The demo's certificate authority: issues a software key and certificate for each signing
 * identity the first time it signs (as a CA enrols a new signer), registers it, then signs with
 * it. Keys live in memory only: after a restart each identity gets a new certificate, registered
 * beside the old one, so earlier signatures still verify. For the demo and tests, never for real
 * records: real signers hold their own keys (a token, or a CA's remote signing service).
 */
export class DemoCaSigner implements DocumentSigner {
  private readonly issued = new Map<string, Promise<LocalKeySigner>>();
  private readonly clock: () => Date;
  private readonly caChain: Certificate[];
  private readonly caKey: KeyObject;

  constructor(private readonly options: DemoCaOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.caChain = parsePemBundle(options.caChainPem);
    if (this.caChain.length === 0) throw new Error('demo CA: no certificate in the CA chain');
    this.caKey = createPrivateKey(options.caKeyPem);
  }

  /** The issuing CA and its root, as configured: the root is the trust anchor to configure. */
  get chain(): Certificate[] {
    return this.caChain;
  }

  sign(payload: Uint8Array, signer: SignerIdentity): Promise<FlattenedJws> {
    return this.signerOf(signer).then((s) => s.sign(payload, signer));
  }

  certificateChain(signer: SignerIdentity): Promise<string[]> {
    return this.signerOf(signer).then((s) => s.certificateChain(signer));
  }

  localKeyOf(signer: SignerIdentity): Promise<{ privateKey: KeyObject; chain: Certificate[] }> {
    return this.signerOf(signer).then((s) => s.localKeyOf(signer));
  }

  private signerOf(identity: SignerIdentity): Promise<LocalKeySigner> {
    let s = this.issued.get(identity.id);
    if (!s) {
      s = this.issue(identity);
      // A failed issue (the registration refused) is tried again next time.
      s.catch(() => this.issued.delete(identity.id));
      this.issued.set(identity.id, s);
    }
    return s;
  }

  private async issue(identity: SignerIdentity): Promise<LocalKeySigner> {
    if (!identity.schoolId) throw new Error(`demo CA: signer ${identity.id} names no school`);
    const caCrypto = await webcrypto.subtle.importKey(
      'pkcs8',
      this.caKey.export({ type: 'pkcs8', format: 'der' }),
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['sign'],
    );
    const caPublic = await webcrypto.subtle.importKey(
      'spki',
      Buffer.from(this.caChain[0].publicKey.rawData),
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['verify'],
    );
    const keys = await generateKeys('ES256');
    const t = this.clock().getTime();
    const name = dnValue(identity.name ?? identity.id);
    const cert = await issueCertificate({
      subject: `CN=${name}, OU=DEMO ${identity.role}, O=DEMO ${dnValue(identity.schoolId)}, ST=Quảng Ninh, C=VN`,
      keys,
      issuer: {
        cert: this.caChain[0],
        keys: { privateKey: caCrypto, publicKey: caPublic } as webcrypto.CryptoKeyPair,
      },
      notBefore: new Date(t - DAY),
      notAfter: new Date(t + 3 * 365 * DAY),
    });
    const chain = [cert, ...this.caChain.slice(0, -1)];
    await this.options.register({
      identityId: identity.id,
      role: identity.role,
      schoolId: identity.schoolId,
      certificateSha256: certificateFingerprint(cert),
      certificatePem: toPem(cert),
    });
    return new LocalKeySigner(
      [
        {
          identityId: identity.id,
          privateKeyPem: await privateKeyPem(keys),
          chainPem: chain.map(toPem).join(''),
        },
      ],
      this.clock,
    );
  }
}

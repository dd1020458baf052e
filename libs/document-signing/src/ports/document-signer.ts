import type { KeyObject } from 'node:crypto';
import type { FlattenedJws, SignerRole } from '../jws';
import type { Certificate } from '../pki/certificates';

/** Who signs, as the platform knows them: a staff member's or a school seal's signing identity. */
export interface SignerIdentity {
  /** The platform's id of the signing identity (a staff member, or the school's seal). */
  id: string;
  role: SignerRole;
  /** The school the identity signs for. */
  schoolId?: string;
  /**
   * How the platform names the identity ("Giáo viên chủ nhiệm lớp 8A"): only a CA that issues
   * certificates on demand (the demo CA) uses it. Real certificates carry the person's own name.
   */
  name?: string;
}

/**
 * The port every signing method implements: the local software keys (demo, tests), a CA's
 * remote signing service (VNPT SmartCA, Viettel MySign and the like), a USB token through a
 * signing plug-in. It signs the canonical bytes of one document (a học bạ version, a report) and returns that signer's
 * JWS (flattened); the caller merges the signers' JWSs (mergeSignatures).
 */
export interface DocumentSigner {
  sign(payload: Uint8Array, signer: SignerIdentity): Promise<FlattenedJws>;
  /**
   * The identity's certificate chain (x5c: base64 DER, leaf first), as its signatures will carry
   * it: the name a document prints in a signature block is the certificate's.
   */
  certificateChain(signer: SignerIdentity): Promise<string[]>;
  /**
   * The identity's key where the service holds it (demo and test signers only), for signing the
   * printable PDF as well. A remote signer has none: its PDFs go out unsigned (the QR code still
   * leads to the signed original).
   */
  localKeyOf?(signer: SignerIdentity): Promise<{ privateKey: KeyObject; chain: Certificate[] }>;
}

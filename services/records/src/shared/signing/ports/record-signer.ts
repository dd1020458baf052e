import type { FlattenedJws } from '../domain/jws';
import type { SignerRole } from '../domain/record';

/** Who signs, as the platform knows them: a staff member's or a school seal's signing identity. */
export interface SignerIdentity {
  /** The platform's id of the signing identity (a staff member, or the school's seal). */
  id: string;
  role: SignerRole;
}

/**
 * The port every signing method implements: the local software keys (demo, tests), a CA's
 * remote signing service (VNPT SmartCA, Viettel MySign and the like), a USB token through a
 * signing plug-in. It signs the canonical bytes of one record version and returns that signer's
 * JWS (flattened); the caller merges the signers' JWSs (mergeSignatures).
 */
export interface RecordSigner {
  sign(payload: Uint8Array, signer: SignerIdentity): Promise<FlattenedJws>;
}

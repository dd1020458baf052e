import type { Certificate } from '../pki/certificates';

/** What a CRL or OCSP responder says about one certificate (trạng thái thu hồi). */
export type RevocationStatus =
  | { status: 'good' }
  | { status: 'revoked'; revokedAt: Date; reason?: string }
  | { status: 'unknown'; detail?: string };

/**
 * The port for certificate status. The production adapter asks the issuing CA's OCSP responder
 * or reads its CRL (VGCA and the public CAs publish both); verification takes the answer as
 * input, so the verifier itself stays deterministic.
 */
export interface RevocationChecker {
  status(cert: Certificate, issuer: Certificate): Promise<RevocationStatus>;
}

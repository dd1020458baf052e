import type { Certificate } from '../pki/certificates';
import type { RevocationChecker, RevocationStatus } from '../ports/revocation';

export interface RevokedCertificate {
  /** Issuer distinguished name as @peculiar/x509 prints it (cert.issuer). */
  issuer: string;
  /** Hex serial number, as cert.serialNumber. */
  serialNumber: string;
  revokedAt: Date;
  reason?: string;
}

/**
 * A revocation list kept in configuration: for the demo and tests, and as the fallback where no
 * responder is reachable. Certificates not listed are good (a local list cannot say "unknown").
 */
export class LocalRevocationList implements RevocationChecker {
  constructor(private readonly revoked: readonly RevokedCertificate[]) {}

  async status(cert: Certificate): Promise<RevocationStatus> {
    const hit = this.revoked.find(
      (r) =>
        r.issuer === cert.issuer &&
        r.serialNumber.toLowerCase().replace(/^0+/, '') ===
          cert.serialNumber.toLowerCase().replace(/^0+/, ''),
    );
    return hit
      ? { status: 'revoked', revokedAt: hit.revokedAt, reason: hit.reason }
      : { status: 'good' };
  }
}

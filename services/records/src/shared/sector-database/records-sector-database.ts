import type { RegisteredSigner } from '../signing/domain/verify-record';
import type { SignerRole } from '../signing/domain/record';

/**
 * The sector database (CSDL ngành) as the records service reaches it: where the province's
 * schools register whose certificate signs for which role (the homeroom teachers', principals'
 * and the school seal's), and where records and verifiers look those registrations up. A port: a
 * local file adapter for the demo and tests; the sector database's API in production.
 */
export interface SignerRegistration {
  /** The platform's signing identity (a staff id, or `seal:<schoolId>`). */
  identityId: string;
  role: SignerRole;
  schoolId: string;
  /** SHA-256 of the certificate's DER, hex. */
  certificateSha256: string;
  certificatePem: string;
}

export interface RecordsSectorDatabase {
  readonly provider: string;
  /** Registers a certificate for a role at a school (again: no change). */
  registerSigner(registration: SignerRegistration): Promise<void>;
  /** Every certificate registered for the school, any role, current and earlier ones. */
  registeredSigners(schoolId: string): Promise<RegisteredSigner[]>;
}

export const RECORDS_SECTOR_DATABASE = Symbol('RECORDS_SECTOR_DATABASE');

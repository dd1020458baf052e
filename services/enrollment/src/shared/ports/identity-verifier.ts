import type { IdentityCheckResult } from '@qn/contracts';

/**
 * The national population database (CSDL quốc gia về dân cư) as the platform reaches it — in the
 * province through the sector database's gateway, or VNeID's — to check that a personal
 * identification number belongs to a person of that name and date of birth. A port: the service
 * asks it, adapters answer (a local register for the demo and tests; the real gateway in
 * production). Every adapter passes the same conformance suite.
 */
export interface IdentityQuery {
  /** The caller's reference for this query (a row, a learner id): answers carry it back. */
  ref: string;
  personalId: string;
  /** NFC-normalised full name as the school holds it. */
  fullName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
}

export interface IdentityAnswer {
  ref: string;
  result: IdentityCheckResult;
}

export interface IdentityVerifier {
  /** Stored with each result: which register answered. */
  readonly provider: string;
  /** Largest batch one call takes; callers split larger ones. */
  readonly maxBatch: number;
  /**
   * One answer per query, same refs, any order. Throws `IdentityServiceUnavailable` when the
   * register cannot be reached (the caller keeps nothing half-checked).
   */
  verify(batch: IdentityQuery[]): Promise<IdentityAnswer[]>;
}

export class IdentityServiceUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentityServiceUnavailable';
  }
}

/** Nest injection token of the configured adapter. */
export const IDENTITY_VERIFIER = Symbol('IDENTITY_VERIFIER');

import type { RegisteredSigner } from '../signing/domain/verify-record';
import type { SignerRole } from '../signing/domain/record';

/**
 * The sector database (CSDL ngành) as the records service reaches it: where the province's
 * schools register whose certificate signs for which role (the homeroom teachers', principals'
 * and the school seal's), and where records and verifiers look those registrations up; and where
 * each term's results of every learner go (`submitTermResults`). A port: a local file adapter for
 * the demo and tests; the sector database's API in production; both pass the same conformance
 * suite (`records-sector-database-adapters.spec.ts`).
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

export interface RecordsSectorDatabase extends TermResultsPort {
  readonly provider: string;
  /** Registers a certificate for a role at a school (again: no change). */
  registerSigner(registration: SignerRegistration): Promise<void>;
  /** Every certificate registered for the school, any role, current and earlier ones. */
  registeredSigners(schoolId: string): Promise<RegisteredSigner[]>;
}

export const RECORDS_SECTOR_DATABASE = Symbol('RECORDS_SECTOR_DATABASE');

// ------------------------------------------------------------ term results (each term's export)

/** A learner's conduct level of the term (Tốt/Khá/Đạt/Chưa đạt). */
export type TermConduct = 'good' | 'fair' | 'pass' | 'fail';

/**
 * One learner's results of a term at one class, as records sends them. No name, no personal id.
 * Secondary (grades 6-12, Circular 22) records carry no `kind`; primary ones (grades 1-5, Circular
 * 27) say `kind: 'primary'`.
 */
export type TermResultRecord = SecondaryTermResultRecord | PrimaryTermResultRecord;

/** A secondary learner's term (grades 6-12, Circular 22): scores and Đ/CĐ, conduct. */
export interface SecondaryTermResultRecord {
  /** Absent: the record's shape predates primary records and is sent as it always was. */
  kind?: undefined;
  /**
   * The platform's student id: enrollment registers each learner with the sector database under
   * this ref (with the personal id), so the sector database knows whom it means.
   */
  ref: string;
  classId: string;
  grade: number;
  /** Each subject's term result: ĐTBmhk with one decimal ("7.8"), or "Đ" / "CĐ". */
  subjects: Array<{ code: string; result: string }>;
  conduct: TermConduct;
  /** Kết quả học tập of the term (Điều 9), when every subject has its result. */
  learningLevel?: TermConduct;
}

/** A subject's level at a primary checkpoint: Hoàn thành tốt / Hoàn thành / Chưa hoàn thành. */
export type PrimarySubjectLevel = 'T' | 'H' | 'C';
/** A quality's or competency's level: Tốt / Đạt / Cần cố gắng. */
export type PrimaryQualityLevel = 'T' | 'Đ' | 'C';

/**
 * A primary learner's term (grades 1-5, Circular 27), as of the term's end checkpoint (term 1:
 * cuối HK I; term 2: cuối năm học): per subject the level and the periodic test mark where the
 * subject has one at that checkpoint; the 15 qualities' and competencies' levels. No conduct.
 */
export interface PrimaryTermResultRecord {
  kind: 'primary';
  /** The platform's student id, as for secondary records. */
  ref: string;
  classId: string;
  grade: number;
  /** `testScore`: a whole mark 1-10, only where the subject has a periodic test at the checkpoint. */
  subjects: Array<{ code: string; level: PrimarySubjectLevel; testScore?: number }>;
  /** Every quality and competency code (`QUALITY_CODES`) with its level. */
  qualities: Record<string, PrimaryQualityLevel>;
}

export const isPrimaryRecord = (r: TermResultRecord): r is PrimaryTermResultRecord =>
  r.kind === 'primary';

export interface TermResultBatch {
  /** Unique per batch: sending the same batch again is answered the same (idempotent). */
  batchId: string;
  schoolId: string;
  /** e.g. "2025-2026" */
  schoolYear: string;
  /** e.g. "2025-2026-HK1" or "2025-2026-HK2" */
  term: string;
  records: TermResultRecord[];
}

export const TERM_RESULT_REJECTIONS = [
  'invalid-record',
  'unknown-learner',
  'duplicate-in-batch',
  'other',
] as const;
/**
 * invalid-record: a value the sector database refuses (a subject code, a result, the grade, the
 * conduct or learning level; a primary level, test mark or quality); unknown-learner: it holds no learner under the ref at the school;
 * duplicate-in-batch: the ref came earlier in the batch; other: any other reason.
 */
export type TermResultRejection = (typeof TERM_RESULT_REJECTIONS)[number];

export type TermResultAnswer =
  | { ref: string; status: 'accepted' }
  | { ref: string; status: 'rejected'; reason: TermResultRejection };

/** The sector database could not take or answer the call now (shared with every sector adapter). */
export { SectorDatabaseUnavailable } from '@qn/sector-database';

/**
 * Submitting term results, part of the port: one answer per record, in the batch's order (a
 * learner twice in a batch gets two answers, the second `duplicate-in-batch`). Throws
 * `RangeError` for more than `maxBatch` records or a malformed batch id, and
 * `SectorDatabaseUnavailable` when the database cannot be reached.
 */
export interface TermResultsPort {
  readonly provider: string;
  /** Most records one call takes; callers split larger batches. */
  readonly maxBatch: number;
  submitTermResults(batch: TermResultBatch): Promise<TermResultAnswer[]>;
}

/** The checks every adapter makes on a batch before sending it. */
export function checkTermResultBatch(batch: TermResultBatch, maxBatch: number): void {
  if (!/^[0-9a-zA-Z-]{1,64}$/.test(batch.batchId)) throw new RangeError('a batch id is expected');
  if (batch.records.length > maxBatch)
    throw new RangeError(
      `a term results batch takes at most ${maxBatch} records, got ${batch.records.length}`,
    );
}

/**
 * The sector database (CSDL ngành: csdl.quangninh.edu.vn, which feeds the ministry's
 * csdl.moet.gov.vn) as the platform reaches it: it serves each school's roster export file
 * (what the roster import reads) and takes each term's changes of a school's learners,
 * answering accepted or rejected per record. A port: a local file-system adapter for the demo and
 * tests, the sector database's HTTP API in production; both pass the same conformance suite.
 */

export const SECTOR_CHANGES = ['enrolled', 'placed', 'left'] as const;
/**
 * enrolled: the learner is at the school this school year (grade, class when known; sent again
 * when those change); placed: the learner's class changed; left: the learner is no longer at the
 * school (left, or transferred out), from `effectiveOn`.
 */
export type SectorChange = (typeof SECTOR_CHANGES)[number];

/** One learner's record in a batch: the full state, so the sector database can upsert it. */
export interface SectorRecord {
  /** The caller's reference (the platform's student id): answers carry it back. */
  ref: string;
  change: SectorChange;
  /** mã định danh cá nhân: how the sector database knows the learner. */
  personalId: string;
  fullName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  gender: 'male' | 'female' | null;
  grade: number;
  className: string | null;
  /** YYYY-MM-DD: enrolled on, or left on. */
  effectiveOn: string;
}

export interface SectorChangeBatch {
  /** Unique per batch: sending the same batch again is answered the same (idempotent). */
  batchId: string;
  schoolId: string;
  /** School year, e.g. "2026-2027". */
  schoolYear: string;
  /** The term the changes are reported for, e.g. "2026-2027-HK1". */
  term: string;
  records: SectorRecord[];
}

export const SECTOR_REJECTIONS = [
  'invalid-record',
  'unknown-learner',
  'enrolled-elsewhere',
  'duplicate-in-batch',
  'other',
] as const;
/**
 * invalid-record: a value the sector database refuses (id, name, grade, class missing for a
 * placement); unknown-learner: a placement or departure of a learner it does not hold at the
 * school; enrolled-elsewhere: it holds the learner at another school; duplicate-in-batch: the
 * learner twice in one batch; other: any other reason (the adapter maps unknown codes here).
 */
export type SectorRejection = (typeof SECTOR_REJECTIONS)[number];

export type SectorRecordAnswer =
  | { ref: string; status: 'accepted' }
  | { ref: string; status: 'rejected'; reason: SectorRejection };

/** A school's roster export (danh sách học sinh, lớp, giáo viên) as the sector database serves it. */
export interface RosterExportFile {
  fileName: string;
  /** text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet */
  contentType: string;
  bytes: Buffer;
}

export interface SectorDatabase {
  /** Stored with each batch: which sector database answered. */
  readonly provider: string;
  /** Most records one `submitChanges` takes; callers split larger batches. */
  readonly maxBatch: number;
  /**
   * One answer per record, same refs, any order. Throws `RangeError` for more than `maxBatch`
   * records or a ref twice; `SectorDatabaseUnavailable` when it cannot be reached (nothing of
   * the batch is to be taken as answered; send the same batch again later).
   */
  submitChanges(batch: SectorChangeBatch): Promise<SectorRecordAnswer[]>;
  /**
   * The school's roster export file for the school year, or null when it has none.
   * Throws `SectorDatabaseUnavailable` when it cannot be reached.
   */
  fetchRosterExport(schoolId: string, schoolYear: string): Promise<RosterExportFile | null>;
}

/** The sector database could not take or answer the call now (shared with every sector adapter). */
export { SectorDatabaseUnavailable } from '@qn/sector-database';

/** Nest injection token of the configured adapter. */
export const SECTOR_DATABASE = Symbol('SECTOR_DATABASE');

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The checks every adapter makes on a batch before sending it. */
export function checkSectorBatch(batch: SectorChangeBatch, maxBatch: number): void {
  if (batch.records.length > maxBatch)
    throw new RangeError(
      `a sector batch takes at most ${maxBatch} records, got ${batch.records.length}`,
    );
  if (new Set(batch.records.map((r) => r.ref)).size !== batch.records.length)
    throw new RangeError('sector record refs must be unique');
}

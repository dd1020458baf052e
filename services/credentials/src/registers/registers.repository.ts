import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EntryDraft } from './domain/entry-rows';
import type { StoredEntryFields } from './domain/review';

export type DiplomaKind = 'lower-secondary-diploma' | 'upper-secondary-diploma';

export interface RegisterRow {
  id: string;
  kind: DiplomaKind;
  authorityId: string | null;
  authorityName: string;
  schoolId: string | null;
  schoolName: string | null;
  graduationYear: number;
  registerCode: string;
  origin: 'issued' | 'historic';
  expectedEntries: number | null;
  archiveReference: string | null;
  createdAt: Date;
}

/** A register with its counts: what the list answers (no personal data). */
export interface RegisterSummary extends RegisterRow {
  digitisedEntries: number;
  reviewedEntries: number;
  disputedEntries: number;
}

const REGISTER_COLUMNS = `r.id, r.kind, r.authority_id AS "authorityId", r.authority_name AS "authorityName",
  r.school_id AS "schoolId", r.school_name AS "schoolName", r.graduation_year AS "graduationYear",
  r.register_code AS "registerCode", r.origin, r.expected_entries AS "expectedEntries",
  r.archive_reference AS "archiveReference", r.created_at AS "createdAt"`;

const ENTRY_FIELDS = `e.entry_number AS "entryNumber", e.serial_number AS "serialNumber",
  e.holder_full_name AS "holderFullName", to_char(e.holder_date_of_birth, 'YYYY-MM-DD') AS "holderDateOfBirth",
  e.holder_place_of_birth AS "holderPlaceOfBirth", e.holder_gender AS "holderGender",
  e.holder_ethnicity AS "holderEthnicity", e.school_name AS "schoolName",
  e.classification, e.decision_reference AS "decisionReference",
  to_char(e.issued_on, 'YYYY-MM-DD') AS "issuedOn"`;

/** Entry fields by their column (the corrections a review writes). */
const COLUMN_OF: Record<keyof StoredEntryFields, string> = {
  entryNumber: 'entry_number',
  serialNumber: 'serial_number',
  holderFullName: 'holder_full_name',
  holderDateOfBirth: 'holder_date_of_birth',
  holderPlaceOfBirth: 'holder_place_of_birth',
  holderGender: 'holder_gender',
  holderEthnicity: 'holder_ethnicity',
  schoolName: 'school_name',
  classification: 'classification',
  decisionReference: 'decision_reference',
  issuedOn: 'issued_on',
};

export interface EntryView extends StoredEntryFields {
  id: string;
  origin: 'issued' | 'historic';
  scanReference: string | null;
  reviewState: 'unreviewed' | 'confirmed' | 'disputed';
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  status: string;
  version: number;
}

export interface StoredEntry extends EntryView {
  registerId: string;
  kind: DiplomaKind;
}

@Injectable()
export class RegistersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async insertRegister(tx: EntityManager, r: Omit<RegisterRow, 'createdAt'>): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO original_register (id, kind, authority_id, authority_name, school_id, school_name,
              graduation_year, register_code, origin, expected_entries, archive_reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (kind, register_code) DO NOTHING RETURNING id`,
      [
        r.id,
        r.kind,
        r.authorityId,
        r.authorityName,
        r.schoolId,
        r.schoolName,
        r.graduationYear,
        r.registerCode,
        r.origin,
        r.expectedEntries,
        r.archiveReference,
      ],
    );
    return rows.length === 1;
  }

  async register(id: string, tx: EntityManager = this.ds.manager): Promise<RegisterRow | null> {
    const [r]: RegisterRow[] = await tx.query(
      `SELECT ${REGISTER_COLUMNS} FROM original_register r WHERE r.id = $1`,
      [id],
    );
    return r ?? null;
  }

  /** Locks the register: its imports and reviews are judged and written one at a time. */
  async lockRegister(tx: EntityManager, id: string): Promise<RegisterRow | null> {
    const [r]: RegisterRow[] = await tx.query(
      `SELECT ${REGISTER_COLUMNS} FROM original_register r WHERE r.id = $1 FOR UPDATE`,
      [id],
    );
    return r ?? null;
  }

  async listRegisters(filter: {
    schoolId?: string;
    graduationYear?: number;
    kind?: DiplomaKind;
    limit: number;
    offset: number;
  }): Promise<RegisterSummary[]> {
    const rows: Array<RegisterSummary & { digitisedEntries: string }> = await this.ds.query(
      `SELECT ${REGISTER_COLUMNS},
              count(e.id) AS "digitisedEntries",
              count(e.id) FILTER (WHERE e.review_state = 'confirmed') AS "reviewedEntries",
              count(e.id) FILTER (WHERE e.review_state = 'disputed') AS "disputedEntries"
         FROM original_register r LEFT JOIN register_entry e ON e.register_id = r.id
        WHERE ($1::uuid IS NULL OR r.school_id = $1)
          AND ($2::int IS NULL OR r.graduation_year = $2)
          AND ($3::text IS NULL OR r.kind = $3)
        GROUP BY r.id
        ORDER BY r.graduation_year DESC, r.register_code, r.id
        LIMIT $4 OFFSET $5`,
      [
        filter.schoolId ?? null,
        filter.graduationYear ?? null,
        filter.kind ?? null,
        filter.limit,
        filter.offset,
      ],
    );
    return rows.map((r) => ({
      ...r,
      digitisedEntries: Number(r.digitisedEntries),
      reviewedEntries: Number(r.reviewedEntries),
      disputedEntries: Number(r.disputedEntries),
    }));
  }

  /** Which of these entry numbers the register has, and which serials its kind has. */
  async existing(
    tx: EntityManager,
    registerId: string,
    kind: DiplomaKind,
    entryNumbers: string[],
    serials: string[],
  ): Promise<{ entryNumbers: Set<string>; serialNumbers: Set<string> }> {
    const numbers: Array<{ n: string }> = await tx.query(
      `SELECT entry_number AS n FROM register_entry WHERE register_id = $1 AND entry_number = ANY($2::text[])`,
      [registerId, entryNumbers],
    );
    const taken: Array<{ s: string }> = await tx.query(
      `SELECT serial_number AS s FROM register_entry WHERE kind = $1 AND serial_number = ANY($2::text[])`,
      [kind, serials],
    );
    return {
      entryNumbers: new Set(numbers.map((r) => r.n)),
      serialNumbers: new Set(taken.map((r) => r.s)),
    };
  }

  async importOf(
    tx: EntityManager,
    registerId: string,
    sha256: string,
  ): Promise<{ id: string; entries: number; importedAt: Date } | null> {
    const [r]: Array<{ id: string; entries: number; importedAt: Date }> = await tx.query(
      `SELECT id, entries, imported_at AS "importedAt" FROM register_import WHERE register_id = $1 AND file_sha256 = $2`,
      [registerId, sha256],
    );
    return r ?? null;
  }

  /**
   * One file's entries, their import row and an `imported` change each, in the caller's
   * transaction (one statement per table: a book of thousands of rows is a few round trips).
   */
  async insertImport(
    tx: EntityManager,
    imp: { id: string; registerId: string; sha256: string; importedBy: string },
    register: RegisterRow,
    entries: Array<EntryDraft & { id: string; changeId: string }>,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO register_import (id, register_id, file_sha256, entries, imported_by) VALUES ($1, $2, $3, $4, $5)`,
      [imp.id, imp.registerId, imp.sha256, entries.length, imp.importedBy],
    );
    await tx.query(
      `INSERT INTO register_entry (id, register_id, kind, entry_number, serial_number, holder_full_name,
              holder_date_of_birth, holder_place_of_birth, holder_gender, holder_ethnicity, school_id,
              school_name, graduation_year, classification, decision_reference, issued_on, origin,
              scan_reference, review_state, import_id)
       SELECT x.id, $2, $3, x."entryNumber", x."serialNumber", x."holderFullName", x."holderDateOfBirth",
              x."holderPlaceOfBirth", x."holderGender", x."holderEthnicity", $4, x."schoolName", $5,
              x.classification, x."decisionReference", x."issuedOn", 'historic', x."scanReference",
              'unreviewed', $6
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "entryNumber" text, "serialNumber" text,
              "holderFullName" text, "holderDateOfBirth" date, "holderPlaceOfBirth" text,
              "holderGender" text, "holderEthnicity" text, "schoolName" text, classification text,
              "decisionReference" text, "issuedOn" date, "scanReference" text)`,
      [
        JSON.stringify(entries),
        register.id,
        register.kind,
        register.schoolId,
        register.graduationYear,
        imp.id,
      ],
    );
    await tx.query(
      `INSERT INTO register_entry_change (id, entry_id, version, change, reason, changed_by)
       SELECT x."changeId", x.id, 1, 'imported', $2, $3
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "changeId" uuid)`,
      [
        JSON.stringify(entries.map((e) => ({ id: e.id, changeId: e.changeId }))),
        `import ${imp.id}`,
        imp.importedBy,
      ],
    );
  }

  async entries(registerId: string, limit: number, offset: number): Promise<EntryView[]> {
    return this.ds.query(
      `SELECT e.id, ${ENTRY_FIELDS}, e.origin, e.scan_reference AS "scanReference",
              e.review_state AS "reviewState", e.review_note AS "reviewNote",
              e.reviewed_by AS "reviewedBy", e.reviewed_at AS "reviewedAt", e.status, e.version
         FROM register_entry e WHERE e.register_id = $1
        ORDER BY length(e.entry_number), e.entry_number, e.id
        LIMIT $2 OFFSET $3`,
      [registerId, limit, offset],
    );
  }

  async countEntries(registerId: string): Promise<number> {
    const [r]: Array<{ n: string }> = await this.ds.query(
      `SELECT count(*) AS n FROM register_entry WHERE register_id = $1`,
      [registerId],
    );
    return Number(r?.n ?? 0);
  }

  async entryForUpdate(tx: EntityManager, id: string): Promise<StoredEntry | null> {
    const [r]: StoredEntry[] = await tx.query(
      `SELECT e.id, e.register_id AS "registerId", e.kind, ${ENTRY_FIELDS}, e.origin,
              e.scan_reference AS "scanReference", e.review_state AS "reviewState",
              e.review_note AS "reviewNote", e.reviewed_by AS "reviewedBy",
              e.reviewed_at AS "reviewedAt", e.status, e.version
         FROM register_entry e WHERE e.id = $1 FOR UPDATE`,
      [id],
    );
    return r ?? null;
  }

  async entryRegisterId(id: string): Promise<string | null> {
    const [r]: Array<{ registerId: string }> = await this.ds.query(
      `SELECT register_id AS "registerId" FROM register_entry WHERE id = $1`,
      [id],
    );
    return r?.registerId ?? null;
  }

  /** Another entry of the register with this number, or of the kind with this serial. */
  async clashes(
    tx: EntityManager,
    entry: StoredEntry,
    changes: Partial<StoredEntryFields>,
  ): Promise<{ entryNumber: boolean; serialNumber: boolean }> {
    const [r]: Array<{ n: boolean; s: boolean }> = await tx.query(
      `SELECT EXISTS (SELECT 1 FROM register_entry WHERE register_id = $2 AND entry_number = $3 AND id <> $1) AS n,
              EXISTS (SELECT 1 FROM register_entry WHERE kind = $4 AND serial_number = $5 AND id <> $1) AS s`,
      [
        entry.id,
        entry.registerId,
        changes.entryNumber ?? null,
        entry.kind,
        changes.serialNumber ?? null,
      ],
    );
    return { entryNumber: !!r?.n, serialNumber: !!r?.s };
  }

  /**
   * The review: corrected fields, the state, one version more, and the change history (a
   * `corrected` row with the previous values when fields changed, then a `reviewed` row).
   */
  async writeReview(
    tx: EntityManager,
    entry: StoredEntry,
    review: {
      state: 'confirmed' | 'disputed';
      note: string | null;
      changes: Partial<StoredEntryFields>;
      previous: Partial<StoredEntryFields>;
      by: string;
      correctionChangeId: string;
      reviewChangeId: string;
    },
  ): Promise<{ version: number; reviewedAt: Date }> {
    const sets: string[] = [];
    const params: unknown[] = [entry.id, entry.version, review.state, review.note, review.by];
    for (const [field, value] of Object.entries(review.changes)) {
      params.push(value);
      sets.push(`${COLUMN_OF[field as keyof StoredEntryFields]} = $${params.length}`);
    }
    // TypeORM answers an UPDATE with [rows, affected count].
    const [[r]]: [Array<{ version: number; reviewedAt: Date }>, number] = await tx.query(
      `UPDATE register_entry SET ${[...sets, ''].join(', ')}
              review_state = $3, review_note = $4, reviewed_by = $5, reviewed_at = now(),
              version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2
        RETURNING version, reviewed_at AS "reviewedAt"`,
      params,
    );
    if (!r) throw new Error(`register entry ${entry.id} changed under its lock`);
    if (Object.keys(review.changes).length > 0)
      await tx.query(
        `INSERT INTO register_entry_change (id, entry_id, version, change, reason, previous, changed_by)
         VALUES ($1, $2, $3, 'corrected', $4, $5::jsonb, $6)`,
        [
          review.correctionChangeId,
          entry.id,
          r.version,
          'read wrongly from the scanned page',
          JSON.stringify(review.previous),
          review.by,
        ],
      );
    await tx.query(
      `INSERT INTO register_entry_change (id, entry_id, version, change, reason, changed_by)
       VALUES ($1, $2, $3, 'reviewed', $4, $5)`,
      [
        review.reviewChangeId,
        entry.id,
        r.version,
        `${review.state}${review.note ? `: ${review.note}` : ''}`,
        review.by,
      ],
    );
    return r;
  }
}

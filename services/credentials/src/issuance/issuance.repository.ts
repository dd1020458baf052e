import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { DiplomaKind, GraduationEligibilityAssessedV1, GraduationLevel } from '@qn/contracts';

export interface GraduationList {
  id: string;
  schoolId: string;
  level: GraduationLevel;
  schoolYear: string;
  graduationYear: number;
  authorityId: string;
  state: 'proposed' | 'approved';
  proposedBy: string;
  proposedAt: string;
  decisionReference: string | null;
  decidedOn: string | null;
  approvedAt: string | null;
}

export interface ListMember {
  studentId: string;
  recordId: string;
  recordVersion: number;
  recordHash: string;
  entryId: string | null;
  credentialId: string | null;
  /** The current credential's hash: with its id, what the QR link names. */
  credentialHash: string | null;
}

export interface Candidate {
  studentId: string;
  recordId: string;
  recordVersion: number;
  recordHash: string;
}

/** A register entry issued here, with its credential, as issuance writes them. */
export interface IssuedEntry {
  entryId: string;
  registerId: string;
  kind: DiplomaKind;
  entryNumber: string;
  serialNumber: string;
  learnerId: string;
  holder: {
    fullName: string;
    dateOfBirth: string;
    gender: 'male' | 'female' | null;
    ethnicity: string | null;
  };
  schoolId: string;
  schoolName: string;
  graduationYear: number;
  decisionReference: string;
  issuedOn: string;
  authorityName: string;
  changedBy: string;
  credential: {
    id: string;
    document: object;
    hash: string;
    revocationListId: string;
    suspensionListId: string;
    statusIndex: number;
  };
  issuedAt: Date;
}

const LIST = `SELECT id, school_id AS "schoolId", level, school_year AS "schoolYear",
  graduation_year AS "graduationYear", authority_id AS "authorityId", state,
  proposed_by AS "proposedBy", proposed_at AS "proposedAt", decision_reference AS "decisionReference",
  to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn", approved_at AS "approvedAt" FROM graduation_list`;

/** Candidates, graduation lists, and the register entries and credentials issuance writes. */
@Injectable()
export class IssuanceRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The latest assessment per learner, level and year wins; an older one arriving late changes nothing. */
  async saveCandidate(tx: EntityManager, d: GraduationEligibilityAssessedV1): Promise<void> {
    await tx.query(
      `INSERT INTO graduation_candidate AS c (student_id, level, school_year, school_id, outcome, reason,
         record_id, record_version, record_hash, assessed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (student_id, level, school_year) DO UPDATE SET
         school_id = EXCLUDED.school_id, outcome = EXCLUDED.outcome, reason = EXCLUDED.reason,
         record_id = EXCLUDED.record_id, record_version = EXCLUDED.record_version,
         record_hash = EXCLUDED.record_hash, assessed_at = EXCLUDED.assessed_at
       WHERE c.assessed_at < EXCLUDED.assessed_at`,
      [
        d.studentId,
        d.level,
        d.schoolYear,
        d.schoolId,
        d.outcome,
        d.reason,
        d.recordId,
        d.recordVersion,
        d.recordHash,
        d.assessedAt,
      ],
    );
  }

  /** The school's eligible candidates of a level and year that no list holds yet. */
  async unlistedEligible(
    tx: EntityManager,
    schoolId: string,
    level: GraduationLevel,
    schoolYear: string,
  ): Promise<Candidate[]> {
    return tx.query(
      `SELECT c.student_id AS "studentId", c.record_id AS "recordId", c.record_version AS "recordVersion",
              c.record_hash AS "recordHash"
         FROM graduation_candidate c
        WHERE c.school_id = $1 AND c.level = $2 AND c.school_year = $3 AND c.outcome = 'eligible'
          AND NOT EXISTS (SELECT 1 FROM graduation_list_member m WHERE m.student_id = c.student_id AND m.level = c.level)
        ORDER BY c.student_id`,
      [schoolId, level, schoolYear],
    );
  }

  async insertList(tx: EntityManager, list: GraduationList, members: Candidate[]): Promise<void> {
    await tx.query(
      `INSERT INTO graduation_list (id, school_id, level, school_year, graduation_year, authority_id, state,
         proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, 'proposed', $7, $8)`,
      [
        list.id,
        list.schoolId,
        list.level,
        list.schoolYear,
        list.graduationYear,
        list.authorityId,
        list.proposedBy,
        list.proposedAt,
      ],
    );
    await tx.query(
      `INSERT INTO graduation_list_member (list_id, student_id, level, record_id, record_version, record_hash)
       SELECT $1, m.student_id, $2, m.record_id, m.record_version, m.record_hash
         FROM unnest($3::uuid[], $4::text[], $5::int[], $6::text[])
           AS m (student_id, record_id, record_version, record_hash)`,
      [
        list.id,
        list.level,
        members.map((m) => m.studentId),
        members.map((m) => m.recordId),
        members.map((m) => m.recordVersion),
        members.map((m) => m.recordHash),
      ],
    );
  }

  async findList(
    id: string,
    tx: EntityManager = this.ds.manager,
  ): Promise<GraduationList | undefined> {
    const [row]: GraduationList[] = await tx.query(`${LIST} WHERE id = $1`, [id]);
    return row;
  }

  async listsOfSchool(
    schoolId: string,
    schoolYear?: string,
  ): Promise<Array<GraduationList & { members: number; issued: number }>> {
    return this.ds.query(
      `SELECT l.*, (SELECT count(*)::int FROM graduation_list_member m WHERE m.list_id = l.id) AS members,
              (SELECT count(*)::int FROM graduation_list_member m WHERE m.list_id = l.id AND m.entry_id IS NOT NULL) AS issued
         FROM (${LIST}) l WHERE l."schoolId" = $1 AND ($2::text IS NULL OR l."schoolYear" = $2)
        ORDER BY l."proposedAt"`,
      [schoolId, schoolYear ?? null],
    );
  }

  async members(listId: string, tx: EntityManager = this.ds.manager): Promise<ListMember[]> {
    return tx.query(
      `SELECT m.student_id AS "studentId", m.record_id AS "recordId", m.record_version AS "recordVersion",
              m.record_hash AS "recordHash", m.entry_id AS "entryId",
              c.id AS "credentialId", c.credential_hash AS "credentialHash"
         FROM graduation_list_member m
         LEFT JOIN LATERAL (SELECT id, credential_hash FROM credential WHERE entry_id = m.entry_id
                             ORDER BY version DESC LIMIT 1) c ON true
        WHERE m.list_id = $1 ORDER BY m.student_id`,
      [listId],
    );
  }

  /** Marks the list approved by the authority's decision; false when it was approved already. */
  async approve(
    tx: EntityManager,
    id: string,
    decision: { reference: string; decidedOn: string },
    by: string,
    at: Date,
  ): Promise<boolean> {
    const rows: Array<{ id: string }> = await tx.query(
      `WITH u AS (UPDATE graduation_list SET state = 'approved', decision_reference = $2, decided_on = $3,
                    approved_by = $4, approved_at = $5
                   WHERE id = $1 AND state = 'proposed' RETURNING id)
       SELECT id FROM u`,
      [id, decision.reference, decision.decidedOn, by, at],
    );
    return rows.length > 0;
  }

  /** Members whose diploma is not issued yet, locked for this issuing (a concurrent retry skips them). */
  async lockPending(tx: EntityManager, listId: string, limit: number): Promise<ListMember[]> {
    return tx.query(
      `SELECT student_id AS "studentId", record_id AS "recordId", record_version AS "recordVersion",
              record_hash AS "recordHash", entry_id AS "entryId", NULL AS "credentialId",
              NULL AS "credentialHash"
         FROM graduation_list_member WHERE list_id = $1 AND entry_id IS NULL
        ORDER BY student_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [listId, limit],
    );
  }

  /**
   * The register an authority keeps for a kind and year (created on its first diploma), locked,
   * with `n` entry numbers taken from it: returns the register's id, code and the first number.
   */
  async takeEntryNumbers(
    tx: EntityManager,
    r: {
      id: string;
      kind: DiplomaKind;
      authorityId: string;
      authorityName: string;
      graduationYear: number;
      code: string;
    },
    n: number,
  ): Promise<{ registerId: string; first: number }> {
    await tx.query(
      `INSERT INTO original_register (id, kind, authority_id, authority_name, graduation_year, register_code, origin)
       VALUES ($1, $2, $3, $4, $5, $6, 'issued') ON CONFLICT (kind, register_code) DO NOTHING`,
      [r.id, r.kind, r.authorityId, r.authorityName, r.graduationYear, r.code],
    );
    const [row]: Array<{ id: string; last: number }> = await tx.query(
      `WITH u AS (UPDATE original_register SET last_entry_number = last_entry_number + $3
                   WHERE kind = $1 AND register_code = $2 RETURNING id, last_entry_number)
       SELECT id, last_entry_number AS last FROM u`,
      [r.kind, r.code, n],
    );
    return { registerId: row.id, first: row.last - n + 1 };
  }

  /** `n` serials of a kind and year; returns the first. */
  async takeSerials(
    tx: EntityManager,
    kind: DiplomaKind,
    year: number,
    n: number,
  ): Promise<number> {
    const [row]: Array<{ last: number }> = await tx.query(
      `INSERT INTO serial_counter AS s (kind, graduation_year, last_serial) VALUES ($1, $2, $3)
       ON CONFLICT (kind, graduation_year) DO UPDATE SET last_serial = s.last_serial + EXCLUDED.last_serial
       RETURNING last_serial AS last`,
      [kind, year, n],
    );
    return row.last - n + 1;
  }

  /** Writes issued entries, their first change row, their credentials, and links the list's members. */
  async insertIssued(tx: EntityManager, listId: string, entries: IssuedEntry[]): Promise<void> {
    for (const e of entries) {
      await tx.query(
        `INSERT INTO register_entry (id, register_id, kind, entry_number, serial_number, learner_id,
           holder_full_name, holder_date_of_birth, holder_gender, holder_ethnicity, school_id, school_name,
           graduation_year, decision_reference, issued_on, origin, review_state, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'issued', 'confirmed', $16, $16)`,
        [
          e.entryId,
          e.registerId,
          e.kind,
          e.entryNumber,
          e.serialNumber,
          e.learnerId,
          e.holder.fullName,
          e.holder.dateOfBirth,
          e.holder.gender,
          e.holder.ethnicity,
          e.schoolId,
          e.schoolName,
          e.graduationYear,
          e.decisionReference,
          e.issuedOn,
          e.issuedAt,
        ],
      );
      await tx.query(
        `INSERT INTO register_entry_change (id, entry_id, version, change, decision_reference, changed_by, changed_at)
         VALUES ($1, $2, 1, 'entered', $3, $4, $5)`,
        [uuidv7(), e.entryId, e.decisionReference, e.changedBy, e.issuedAt],
      );
      await tx.query(
        `INSERT INTO credential (id, entry_id, version, document, credential_hash, revocation_list_id,
           suspension_list_id, status_index, issued_at)
         VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8)`,
        [
          e.credential.id,
          e.entryId,
          e.credential.document,
          e.credential.hash,
          e.credential.revocationListId,
          e.credential.suspensionListId,
          e.credential.statusIndex,
          e.issuedAt,
        ],
      );
      await tx.query(
        `UPDATE graduation_list_member SET entry_id = $3 WHERE list_id = $1 AND student_id = $2`,
        [listId, e.learnerId, e.entryId],
      );
    }
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { DiplomaKind } from '@qn/contracts';
import type { EntryStatus } from './domain/status-transition';

/** A register entry as the authority's decisions need it, with its current credential if any. */
export interface EntryState {
  id: string;
  registerId: string;
  registerCode: string;
  kind: DiplomaKind;
  status: EntryStatus;
  version: number;
  learnerId: string | null;
  schoolId: string | null;
  /** The register's authority and whether it is a commune-level unit now. */
  authorityId: string | null;
  authorityIsCommune: boolean;
  entryNumber: string;
  serialNumber: string | null;
  fullName: string;
  dateOfBirth: string | null;
  placeOfBirth: string | null;
  gender: 'male' | 'female' | null;
  ethnicity: string | null;
  classification: string | null;
  graduationYear: number;
  /** As the register prints them (a certified copy states them). */
  authorityName: string;
  schoolName: string;
  decisionReference: string | null;
  issuedOn: string | null;
  reviewState: 'unreviewed' | 'confirmed' | 'disputed';
  credential: CurrentCredential | null;
}

export interface CurrentCredential {
  id: string;
  version: number;
  document: Record<string, unknown>;
  revocationListId: string;
  suspensionListId: string;
  statusIndex: number;
  /** The authority whose key signed it and whose lists hold its status. */
  issuerAuthorityId: string;
}

/** Reads and writes what an authority's decision changes on an entry; every read locks the row. */
@Injectable()
export class DecisionsRepository {
  async lockEntry(tx: EntityManager, entryId: string): Promise<EntryState | undefined> {
    const [row]: Array<Omit<EntryState, 'credential'> & { credential: CurrentCredential | null }> =
      await tx.query(
        `SELECT e.id, e.register_id AS "registerId", r.register_code AS "registerCode", e.kind, e.status,
                e.version, e.learner_id AS "learnerId", e.school_id AS "schoolId",
                r.authority_id AS "authorityId",
                COALESCE((SELECT u.kind IN ('commune', 'ward', 'special-zone') FROM org_unit_replica u
                           WHERE u.id = r.authority_id), false) AS "authorityIsCommune",
                e.entry_number AS "entryNumber", e.serial_number AS "serialNumber",
                e.holder_full_name AS "fullName", to_char(e.holder_date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
                e.holder_place_of_birth AS "placeOfBirth", e.holder_gender AS gender,
                e.holder_ethnicity AS ethnicity, e.classification, e.graduation_year AS "graduationYear",
                r.authority_name AS "authorityName", e.school_name AS "schoolName",
                e.decision_reference AS "decisionReference", to_char(e.issued_on, 'YYYY-MM-DD') AS "issuedOn",
                e.review_state AS "reviewState",
                (SELECT json_build_object('id', c.id, 'version', c.version, 'document', c.document,
                          'revocationListId', c.revocation_list_id, 'suspensionListId', c.suspension_list_id,
                          'statusIndex', c.status_index, 'issuerAuthorityId', l.authority_id)
                   FROM credential c JOIN status_list l ON l.id = c.revocation_list_id
                  WHERE c.entry_id = e.id ORDER BY c.version DESC LIMIT 1) AS credential
           FROM register_entry e JOIN original_register r ON r.id = e.register_id
          WHERE e.id = $1
          FOR UPDATE OF e`,
        [entryId],
      );
    return row;
  }

  async setStatus(
    tx: EntityManager,
    entryId: string,
    status: EntryStatus,
    reason: string,
    decisionReference: string,
    at: Date,
  ): Promise<void> {
    await tx.query(
      `UPDATE register_entry SET status = $2, status_reason = $3, status_decision_reference = $4,
              status_changed_at = $5, updated_at = $5 WHERE id = $1`,
      [entryId, status, reason, decisionReference, at],
    );
  }

  async recordChange(
    tx: EntityManager,
    c: {
      id: string;
      entryId: string;
      version: number;
      change: 'suspended' | 'revoked' | 'reinstated' | 'corrected' | 'reissued';
      decisionReference: string | null;
      reason: string | null;
      previous: Record<string, unknown> | null;
      by: string;
      at: Date;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO register_entry_change (id, entry_id, version, change, decision_reference, reason, previous,
         changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [c.id, c.entryId, c.version, c.change, c.decisionReference, c.reason, c.previous, c.by, c.at],
    );
  }

  /** Writes corrected holder facts and bumps the entry's version. */
  async correct(
    tx: EntityManager,
    entryId: string,
    fields: Partial<
      Pick<
        EntryState,
        'fullName' | 'dateOfBirth' | 'placeOfBirth' | 'gender' | 'ethnicity' | 'classification'
      >
    >,
    at: Date,
  ): Promise<number> {
    const [row]: Array<{ version: number }> = await tx.query(
      `WITH u AS (UPDATE register_entry SET
          holder_full_name = COALESCE($2, holder_full_name),
          holder_date_of_birth = COALESCE($3::date, holder_date_of_birth),
          holder_place_of_birth = CASE WHEN $4::boolean THEN $5 ELSE holder_place_of_birth END,
          holder_gender = CASE WHEN $6::boolean THEN $7 ELSE holder_gender END,
          holder_ethnicity = CASE WHEN $8::boolean THEN $9 ELSE holder_ethnicity END,
          classification = CASE WHEN $10::boolean THEN $11 ELSE classification END,
          version = version + 1, updated_at = $12
        WHERE id = $1 RETURNING version) SELECT version FROM u`,
      [
        entryId,
        fields.fullName ?? null,
        fields.dateOfBirth ?? null,
        'placeOfBirth' in fields,
        fields.placeOfBirth ?? null,
        'gender' in fields,
        fields.gender ?? null,
        'ethnicity' in fields,
        fields.ethnicity ?? null,
        'classification' in fields,
        fields.classification ?? null,
        at,
      ],
    );
    return row.version;
  }

  async insertCredentialVersion(
    tx: EntityManager,
    c: {
      id: string;
      entryId: string;
      version: number;
      document: object;
      hash: string;
      revocationListId: string;
      suspensionListId: string;
      statusIndex: number;
      at: Date;
    },
    supersedes: string,
  ): Promise<void> {
    await tx.query(`UPDATE credential SET superseded_at = $2 WHERE id = $1`, [supersedes, c.at]);
    await tx.query(
      `INSERT INTO credential (id, entry_id, version, document, credential_hash, revocation_list_id,
         suspension_list_id, status_index, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        c.id,
        c.entryId,
        c.version,
        c.document,
        c.hash,
        c.revocationListId,
        c.suspensionListId,
        c.statusIndex,
        c.at,
      ],
    );
  }
}

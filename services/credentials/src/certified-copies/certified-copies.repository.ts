import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EntrySnapshot } from './render-certified-copy/certified-copy-page';

export interface CertifiedCopy {
  id: string;
  entryId: string;
  copyNumber: number;
  copies: number;
  requester: string;
  purpose: string | null;
  entry: EntrySnapshot;
  issuedAt: Date;
}

/** Certified copies and the register facts they print. */
@Injectable()
export class CertifiedCopiesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The entry as a copy prints it, with its review state (the entry row locked by the caller). */
  async snapshot(
    tx: EntityManager,
    entryId: string,
  ): Promise<(EntrySnapshot & { registerId: string; reviewState: string }) | undefined> {
    const [row]: Array<EntrySnapshot & { registerId: string; reviewState: string }> =
      await tx.query(
        `SELECT e.kind, r.register_code AS "registerCode", r.authority_name AS "authorityName", r.id AS "registerId",
              e.entry_number AS "entryNumber", e.serial_number AS "serialNumber", e.holder_full_name AS "fullName",
              to_char(e.holder_date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", e.holder_place_of_birth AS "placeOfBirth",
              e.holder_gender AS gender, e.holder_ethnicity AS ethnicity, e.school_name AS "schoolName",
              e.graduation_year AS "graduationYear", e.classification, e.decision_reference AS "decisionReference",
              to_char(e.issued_on, 'YYYY-MM-DD') AS "issuedOn", e.review_state AS "reviewState"
         FROM register_entry e JOIN original_register r ON r.id = e.register_id WHERE e.id = $1`,
        [entryId],
      );
    return row;
  }

  /** The register's next copy number (the register row locked until the transaction ends). */
  async nextCopyNumber(tx: EntityManager, registerId: string): Promise<number> {
    const [row]: Array<{ n: number }> = await tx.query(
      `WITH u AS (UPDATE original_register SET last_copy_number = last_copy_number + 1 WHERE id = $1
                   RETURNING last_copy_number) SELECT last_copy_number AS n FROM u`,
      [registerId],
    );
    return row.n;
  }

  async insert(
    tx: EntityManager,
    c: CertifiedCopy & { registerId: string; issuedBy: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO certified_copy (id, entry_id, register_id, copy_number, copies, requester, purpose,
         entry_snapshot, issued_by, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        c.id,
        c.entryId,
        c.registerId,
        c.copyNumber,
        c.copies,
        c.requester,
        c.purpose,
        c.entry,
        c.issuedBy,
        c.issuedAt,
      ],
    );
  }

  async find(id: string): Promise<CertifiedCopy | undefined> {
    const [row]: CertifiedCopy[] = await this.ds.query(
      `SELECT id, entry_id AS "entryId", copy_number AS "copyNumber", copies, requester, purpose,
              entry_snapshot AS entry, issued_at AS "issuedAt" FROM certified_copy WHERE id = $1`,
      [id],
    );
    return row;
  }
}

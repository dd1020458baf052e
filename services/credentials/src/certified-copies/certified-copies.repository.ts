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

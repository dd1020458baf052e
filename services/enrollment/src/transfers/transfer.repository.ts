import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotFound } from '@qn/contracts';
import type { TransferStatus } from './domain/transfer-workflow';

export interface TransferRow {
  id: string;
  studentId: string;
  fromSchoolId: string;
  toSchoolId: string;
  grade: number;
  schoolYear: string;
  reason: string;
  effectiveDate: string;
  status: TransferStatus;
}

const SELECT = `SELECT id, student_id AS "studentId", from_school_id AS "fromSchoolId", to_school_id AS "toSchoolId", grade, school_year AS "schoolYear",
  reason, to_char(effective_date, 'YYYY-MM-DD') AS "effectiveDate", status FROM transfer`;

/** Chuyển trường as an online service: the family or a school asks, the receiving school decides, the old school releases. */
export class TransferNotFound extends NotFound {
  constructor(id: string) {
    super('transfer-not-found', 'No such transfer', `no transfer with id ${id}`);
  }
}

@Injectable()
export class TransferRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get(id: string, tx: EntityManager = this.ds.manager): Promise<TransferRow | undefined> {
    return tx.query(`${SELECT} WHERE id = $1`, [id]).then((r: TransferRow[]) => r[0]);
  }

  /** The transfer locked for the transaction (it exists: checked before the transaction). */
  async lock(tx: EntityManager, id: string): Promise<TransferRow> {
    const [t]: TransferRow[] = await tx.query(`${SELECT} WHERE id = $1 FOR UPDATE`, [id]);
    return t;
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ENTITLEMENT_CATEGORIES, EntitlementRecord } from '../obligations/domain/fees';

export interface RecordRow {
  recordId: string;
  studentId: string;
  schoolId: string;
  category: string;
  kind: EntitlementRecord['kind'];
  action: 'grant' | 'end';
  percent: string | null;
  monthlyAmount: string | null;
  offsetFeeCodes: string[] | null;
  effectiveFrom: string;
  recordedOn: string;
  decisionRef: string | null;
  approvedBy: string;
  createdAt: string;
}

export const SELECT = `SELECT record_id AS "recordId", student_id AS "studentId", school_id AS "schoolId", category, kind, action,
  percent::text AS percent, monthly_amount::text AS "monthlyAmount", offset_fee_codes AS "offsetFeeCodes",
  to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", to_char(recorded_on, 'YYYY-MM-DD') AS "recordedOn",
  decision_ref AS "decisionRef", approved_by AS "approvedBy", created_at AS "createdAt" FROM entitlement_record`;

export const toDomain = (r: RecordRow): EntitlementRecord => ({
  recordId: r.recordId,
  studentId: r.studentId,
  category: r.category,
  kind: r.kind,
  action: r.action,
  ...(r.percent !== null ? { percent: BigInt(r.percent) } : {}),
  ...(r.monthlyAmount !== null ? { monthlyAmount: BigInt(r.monthlyAmount) } : {}),
  ...(r.offsetFeeCodes !== null ? { offsetFeeCodes: r.offsetFeeCodes } : {}),
  effectiveFrom: r.effectiveFrom,
  recordedOn: r.recordedOn,
  ...(r.decisionRef !== null ? { decisionRef: r.decisionRef } : {}),
});

/** The append-only history of entitlement decisions (never edited). */
@Injectable()
export class EntitlementsRepository {
  history(tx: EntityManager, studentId: string): Promise<RecordRow[]> {
    return tx.query(`${SELECT} WHERE student_id = $1 ORDER BY created_at, record_id`, [studentId]);
  }

  async insert(tx: EntityManager, record: EntitlementRecord, schoolId: string, approvedBy: string) {
    await tx.query(
      `INSERT INTO entitlement_record (record_id, student_id, school_id, category, kind, action, percent, monthly_amount, offset_fee_codes, effective_from, recorded_on, decision_ref, approved_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        record.recordId,
        record.studentId,
        schoolId,
        record.category,
        record.kind,
        record.action ?? 'grant',
        record.percent?.toString() ?? null,
        record.monthlyAmount?.toString() ?? null,
        record.offsetFeeCodes ?? null,
        record.effectiveFrom,
        record.recordedOn,
        record.decisionRef ?? null,
        approvedBy,
      ],
    );
  }

  async byId(tx: EntityManager, recordId: string): Promise<RecordRow | undefined> {
    const [row] = (await tx.query(`${SELECT} WHERE record_id = $1`, [recordId])) as RecordRow[];
    return row;
  }
}

/** A decision as the API shows it, with its category's description and legal basis. */
export const entitlementView = (r: RecordRow) => ({
  ...r,
  category: r.category,
  description: ENTITLEMENT_CATEGORIES[r.category]?.description,
  legalBasis: ENTITLEMENT_CATEGORIES[r.category]?.legalBasis,
});

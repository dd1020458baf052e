import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PaymentSchoolFacts } from '@qn/contracts';
import { AreaSegment, Enrolment, SchoolLevel } from '../obligations/domain/fees';
import { makePaymentCode } from '../reconciliation/domain/reconciliation';

/** Area segment as spelled in events (registry) ↔ as spelled in the fee domain. */
export type EventSegment = PaymentSchoolFacts['segment'];
export const toDomainSegment = (s: EventSegment): AreaSegment =>
  s === 'ethnic-minority-mountain' ? 'ethnicMinorityMountain' : s;
export const toEventSegment = (s: AreaSegment): EventSegment =>
  s === 'ethnicMinorityMountain' ? 'ethnic-minority-mountain' : s;

/** Level of schooling of a grade (lớp 1-5 tiểu học, 6-9 THCS, 10-12 THPT). */
export const levelOfGrade = (grade: number): SchoolLevel =>
  grade <= 5 ? 'primary' : grade <= 9 ? 'lowerSecondary' : 'upperSecondary';

export interface StudentAccount {
  studentId: string;
  paymentCode: string;
  schoolId: string;
  segment: EventSegment;
  grade: number;
  schoolYear: string;
  enrolments: Enrolment[];
  optedInServices: string[];
}

const SELECT = `SELECT student_id AS "studentId", payment_code AS "paymentCode", school_id AS "schoolId", segment, grade,
  school_year AS "schoolYear", enrolments, opted_in_services AS "optedInServices" FROM student_account`;

@Injectable()
export class StudentAccounts {
  /** The account, locked until the transaction ends: every money operation of a student goes through here. */
  async lock(tx: EntityManager, studentId: string): Promise<StudentAccount | undefined> {
    const rows: StudentAccount[] = await tx.query(`${SELECT} WHERE student_id = $1 FOR UPDATE`, [
      studentId,
    ]);
    return rows[0];
  }

  /** Several accounts locked in id order (the same order everywhere, so no deadlock). */
  async lockMany(tx: EntityManager, studentIds: string[]): Promise<Map<string, StudentAccount>> {
    const rows: StudentAccount[] = await tx.query(
      `${SELECT} WHERE student_id = ANY($1::uuid[]) ORDER BY student_id FOR UPDATE`,
      [studentIds],
    );
    return new Map(rows.map((r) => [r.studentId, r]));
  }

  async get(tx: EntityManager, studentId: string): Promise<StudentAccount | undefined> {
    const rows: StudentAccount[] = await tx.query(`${SELECT} WHERE student_id = $1`, [studentId]);
    return rows[0];
  }

  async byPaymentCodes(tx: EntityManager, codes: string[]): Promise<StudentAccount[]> {
    return tx.query(`${SELECT} WHERE payment_code = ANY($1::text[])`, [codes]);
  }

  /**
   * Creates the account with a new payment code, or returns the existing one (locked). The code
   * series is the first calendar year of the school year the student first appears in; a series
   * holds 99,999 codes (the domain's format).
   */
  async createOrLock(
    tx: EntityManager,
    a: Omit<StudentAccount, 'paymentCode' | 'optedInServices'>,
  ): Promise<{ account: StudentAccount; created: boolean }> {
    const existing = await this.lock(tx, a.studentId);
    if (existing) return { account: existing, created: false };
    const year = Number(a.schoolYear.slice(0, 4));
    const [{ serial }]: Array<{ serial: number }> = await tx.query(
      `INSERT INTO payment_code_series (year, last_serial) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_serial = payment_code_series.last_serial + 1
       RETURNING last_serial AS serial`,
      [year],
    );
    const paymentCode = makePaymentCode(year, serial);
    const inserted: StudentAccount[] = await tx.query(
      `INSERT INTO student_account (student_id, payment_code, school_id, segment, grade, school_year, enrolments)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (student_id) DO NOTHING RETURNING student_id`,
      [
        a.studentId,
        paymentCode,
        a.schoolId,
        a.segment,
        a.grade,
        a.schoolYear,
        JSON.stringify(a.enrolments),
      ],
    );
    // Two deliveries racing: the other one created it first; use theirs.
    if (inserted.length === 0)
      return { account: (await this.lock(tx, a.studentId))!, created: false };
    return { account: { ...a, paymentCode, optedInServices: [] }, created: true };
  }

  async update(tx: EntityManager, a: StudentAccount): Promise<void> {
    await tx.query(
      `UPDATE student_account SET school_id = $2, segment = $3, grade = $4, school_year = $5, enrolments = $6, updated_at = now() WHERE student_id = $1`,
      [a.studentId, a.schoolId, a.segment, a.grade, a.schoolYear, JSON.stringify(a.enrolments)],
    );
  }
}

/** Invoices as stored (table `invoice`) and the reads of them the postings share. */
import { EntityManager } from 'typeorm';
import { FeeKind } from '../obligations/domain/fees';
import { EventSegment } from '../accounts/student-accounts';

export interface InvoiceLine {
  lineId: string;
  feeCode: string;
  feeName: string;
  kind: FeeKind;
  periodKey: string;
  mandatory: boolean;
  amount: string;
  proration?: { basis: string; charged: number; of: number };
  schedule?: 'monthly' | 'perTerm' | 'perYear';
  serviceFrom?: string;
  serviceUntil?: string;
}

export interface InvoiceRow {
  id: string;
  studentId: string;
  schoolId: string;
  segment: EventSegment;
  schoolYear: string;
  periodKey: string;
  paymentCode: string;
  amount: string;
  /** Entitlements applied to it (exemptions, reductions, supports deducted). */
  entitled: string;
  lines: InvoiceLine[];
  status: 'open' | 'settled' | 'cancelled';
  issuedOn: string;
  dueOn: string;
  issuedAt: string;
  settledAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  replacesInvoiceId: string | null;
}

export const INVOICE_SELECT = `SELECT id, student_id AS "studentId", school_id AS "schoolId", segment, school_year AS "schoolYear",
  period_key AS "periodKey", payment_code AS "paymentCode", amount::text AS amount, entitled::text AS entitled, lines, status,
  to_char(issued_on, 'YYYY-MM-DD') AS "issuedOn", to_char(due_on, 'YYYY-MM-DD') AS "dueOn", issued_at AS "issuedAt",
  settled_at AS "settledAt", cancelled_at AS "cancelledAt", cancel_reason AS "cancelReason", replaces_invoice_id AS "replacesInvoiceId"
  FROM invoice`;

export function invoiceById(tx: EntityManager, id: string): Promise<InvoiceRow | undefined> {
  return tx.query(`${INVOICE_SELECT} WHERE id = $1`, [id]).then((r: InvoiceRow[]) => r[0]);
}

export function invoicesOf(tx: EntityManager, studentId: string): Promise<InvoiceRow[]> {
  return tx.query(`${INVOICE_SELECT} WHERE student_id = $1 ORDER BY issued_at, id`, [studentId]);
}

/**
 * Invoices per student, in their order. A statement import books thousands of students in one
 * call: filtering the whole list per payment was quadratic (6 % of the import's CPU at 100,000 lines).
 */
export function byStudent(invoices: readonly InvoiceRow[]): Map<string, InvoiceRow[]> {
  const out = new Map<string, InvoiceRow[]>();
  for (const i of invoices) {
    const list = out.get(i.studentId);
    if (list) list.push(i);
    else out.set(i.studentId, [i]);
  }
  return out;
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PROVINCE_TIME_ZONE } from '@qn/contracts';
import { PriorPayment } from './domain/reconciliation';

/** What a statement import reads: what the paying students owe, and the lines seen before. */
@Injectable()
export class StatementImportsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async receivables(studentIds: string[]): Promise<Map<string, bigint>> {
    if (studentIds.length === 0) return new Map();
    const rows: Array<{ account: string; balance: string }> = await this.ds.query(
      `SELECT account, (sum(coalesce(debit, 0)) - sum(coalesce(credit, 0)))::text AS balance
         FROM ledger_line WHERE account = ANY($1::text[]) GROUP BY account`,
      [studentIds.map((id) => `receivable:${id}`)],
    );
    return new Map(rows.map((r) => [r.account.slice('receivable:'.length), BigInt(r.balance)]));
  }

  async oldestOpenInvoices(studentIds: string[]): Promise<Map<string, string>> {
    if (studentIds.length === 0) return new Map();
    const rows: Array<{ studentId: string; id: string }> = await this.ds.query(
      `SELECT DISTINCT ON (student_id) student_id AS "studentId", id FROM invoice
        WHERE student_id = ANY($1::uuid[]) AND status = 'open' ORDER BY student_id, issued_at, id`,
      [studentIds],
    );
    return new Map(rows.map((r) => [r.studentId, r.id]));
  }

  async priorPayments(transactionIds: string[]): Promise<PriorPayment[]> {
    if (transactionIds.length === 0) return [];
    const rows: Array<{
      transactionId: string;
      amount: string;
      bookingDate: string;
      paymentCode: string;
    }> = await this.ds.query(
      `SELECT p.external_id AS "transactionId", p.amount::text AS amount,
                to_char(p.received_at AT TIME ZONE '${PROVINCE_TIME_ZONE}', 'YYYY-MM-DD') AS "bookingDate", s.payment_code AS "paymentCode"
           FROM payment p JOIN student_account s ON s.student_id = p.student_id
          WHERE p.provider = 'bank' AND p.external_id = ANY($1::text[])`,
      [transactionIds],
    );
    // Lines of earlier imports that went to the queue were seen too: importing a file again
    // must find every line a duplicate, not only the booked ones.
    const queued: Array<{ transactionId: string; amount: string; bookingDate: string }> =
      await this.ds.query(
        `SELECT DISTINCT ON (reference) reference AS "transactionId", amount::text AS amount, detail->>'bookingDate' AS "bookingDate"
           FROM payment_exception WHERE source = 'statement' AND kind <> 'unreadable' AND amount IS NOT NULL AND reference = ANY($1::text[])`,
        [transactionIds],
      );
    const booked = new Set(rows.map((r) => r.transactionId));
    return [
      ...rows.map((r) => ({ ...r, amount: BigInt(r.amount) })),
      ...queued
        .filter((q) => !booked.has(q.transactionId))
        .map((q) => ({
          transactionId: q.transactionId,
          amount: BigInt(q.amount),
          bookingDate: q.bookingDate,
        })),
    ];
  }
}

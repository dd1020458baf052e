import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { provinceDate } from '@qn/contracts';
import { applyEntitlements, ObligationLine } from '../obligations/domain/fees';
import { applyEntitlement } from '../ledger/domain/ledger';
import { StudentAccount } from '../accounts/student-accounts';
import { entriesSince, LedgerRepository } from '../ledger/ledger.repository';
import { INVOICE_SELECT, InvoiceRow, Postings, toProblem } from '../ledger/postings';
import { EntitlementsRepository, toDomain } from './entitlements.repository';

/** An invoice's lines as the domain's obligation lines, for the entitlement rules. */
function obligationLines(inv: InvoiceRow, studentId: string): ObligationLine[] {
  return inv.lines.map((l) => ({
    lineId: l.lineId,
    studentId,
    schoolId: inv.schoolId,
    feeCode: l.feeCode,
    feeName: l.feeName,
    kind: l.kind,
    schedule: l.schedule ?? 'monthly',
    mandatory: l.mandatory,
    periodKey: l.periodKey,
    term: inv.periodKey.endsWith('HK2') ? 2 : 1,
    serviceFrom: l.serviceFrom ?? inv.issuedOn,
    serviceUntil: l.serviceUntil ?? inv.issuedOn,
    fullAmount: BigInt(l.amount),
    amount: BigInt(l.amount),
    proration: (l.proration as ObligationLine['proration']) ?? {
      basis: 'none',
      charged: 1,
      of: 1,
    },
    legalBasis: '',
  }));
}

/**
 * Entitlements approved by the school (miễn, giảm học phí; hỗ trợ chi phí học tập, ăn trưa):
 * an append-only history of decisions (a grant, later an end; never edited), applied to the
 * student's invoices by the domain's rules (the most favourable tuition rate; supports deducted
 * from the fee they offset) through balanced ledger entries. What a decision takes off an
 * invoice that was already paid becomes the family's credit.
 */
@Injectable()
export class ApplyEntitlementsService {
  constructor(
    private readonly records: EntitlementsRepository,
    private readonly ledgers: LedgerRepository,
    private readonly postings: Postings,
  ) {}

  /**
   * Applies what the history gives on the student's live invoices beyond what is applied
   * already. Reductions only grow an invoice's entitlement: a decision ending an entitlement
   * affects invoices issued after it; undoing an applied one needs a reversing entry the ledger
   * does not offer yet (see README).
   */
  async applyTo(
    tx: EntityManager,
    account: StudentAccount,
    now: Date,
  ): Promise<Array<{ invoiceId: string; amount: string }>> {
    const records = (await this.records.history(tx, account.studentId)).map(toDomain);
    if (records.length === 0) return [];
    const invoices: InvoiceRow[] = await tx.query(
      `${INVOICE_SELECT} WHERE student_id = $1 AND status <> 'cancelled' ORDER BY issued_at, id`,
      [account.studentId],
    );
    const ledger = await this.ledgers.loadStudentLedger(tx, account.studentId);
    const before = ledger.entries.length;
    const asOf = provinceDate(now);
    const applied: Array<{ invoiceId: string; amount: string }> = [];
    for (const inv of invoices) {
      const lines = obligationLines(inv, account.studentId);
      const result = applyEntitlements(lines, records, asOf);
      const due = result.deducted - BigInt(inv.entitled);
      if (due <= 0n) continue;
      const recordId = result.lines.flatMap((l) => l.deductions.map((d) => d.recordId)).at(-1);
      try {
        applyEntitlement(ledger, {
          applicationId: uuidv7(),
          invoiceId: inv.id,
          date: asOf,
          amount: due,
          ...(recordId ? { recordId } : {}),
        });
      } catch (err) {
        throw toProblem(err);
      }
      await tx.query(`UPDATE invoice SET entitled = entitled + $2 WHERE id = $1`, [
        inv.id,
        due.toString(),
      ]);
      applied.push({ invoiceId: inv.id, amount: due.toString() });
    }
    if (applied.length === 0) return [];
    await this.ledgers.append(tx, entriesSince(ledger, before));
    await this.postings.settle(tx, account.studentId, ledger, now, undefined);
    return applied;
  }
}

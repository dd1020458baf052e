/** Issuing and cancelling an invoice (thông báo thu): journal entries, invoice row, events. */
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EventTypes, InvoiceCancelledV1, InvoiceIssuedV1, provinceDate } from '@qn/contracts';
import { cancelInvoice, issueInvoice } from './domain/ledger';
import { addDays } from '../shared/money';
import { EventSegment, StudentAccount } from '../accounts/student-accounts';
import { InvoiceLine, InvoiceRow, invoiceById } from './invoice-rows';
import { toProblem } from './ledger-problems';
import { entriesSince } from './ledger.repository';
import { Cause, eventOf, PostingDeps } from './posting-deps';
import { settle } from './settlement';

export interface IssueCommand {
  schoolId: string;
  segment: EventSegment;
  schoolYear: string;
  periodKey: string;
  lines: InvoiceLine[];
  replacesInvoiceId: string | null;
  now: Date;
}

/** What an issued invoice is: its id, dates and total. */
interface Issued {
  id: string;
  issuedOn: string;
  dueOn: string;
  amount: bigint;
}

export async function postIssue(
  deps: PostingDeps,
  tx: EntityManager,
  account: StudentAccount,
  inv: IssueCommand,
  cause?: Cause,
): Promise<InvoiceRow> {
  const ledger = await deps.ledgers.loadPosition(tx, account.studentId);
  const before = ledger.entries.length;
  const id = uuidv7();
  const issuedOn = provinceDate(inv.now);
  issueInvoice(ledger, {
    invoiceId: id,
    studentId: account.studentId,
    date: issuedOn,
    lines: inv.lines.map((l) => ({ kind: l.kind, amount: BigInt(l.amount) })),
    memo: `Thông báo thu ${inv.periodKey}`,
  });
  const issued: Issued = {
    id,
    issuedOn,
    dueOn: addDays(issuedOn, deps.config.INVOICE_DUE_DAYS),
    amount: inv.lines.reduce((s, l) => s + BigInt(l.amount), 0n),
  };
  await insertInvoice(tx, account, inv, issued);
  await deps.ledgers.append(tx, entriesSince(ledger, before));
  await deps.messaging.outbox.enqueue(tx, invoiceIssuedEvent(account, inv, issued, cause));
  // The family's credit may already cover it.
  await settle(deps, tx, account.studentId, ledger, inv.now, cause);
  return (await invoiceById(tx, id))!;
}

async function insertInvoice(
  tx: EntityManager,
  account: StudentAccount,
  inv: IssueCommand,
  issued: Issued,
): Promise<void> {
  await tx.query(
    `INSERT INTO invoice (id, student_id, school_id, segment, school_year, period_key, payment_code, amount, lines, issued_on, due_on, issued_at, replaces_invoice_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      issued.id,
      account.studentId,
      inv.schoolId,
      inv.segment,
      inv.schoolYear,
      inv.periodKey,
      account.paymentCode,
      issued.amount.toString(),
      JSON.stringify(inv.lines),
      issued.issuedOn,
      issued.dueOn,
      inv.now,
      inv.replacesInvoiceId,
    ],
  );
}

function invoiceIssuedEvent(
  account: StudentAccount,
  inv: IssueCommand,
  issued: Issued,
  cause: Cause,
) {
  return eventOf<InvoiceIssuedV1>(cause, {
    ...EventTypes.invoiceIssued,
    source: 'payments',
    subjectId: account.studentId,
    orgUnitId: inv.schoolId,
    occurredAt: inv.now,
    data: {
      invoiceId: issued.id,
      studentId: account.studentId,
      paymentCode: account.paymentCode,
      schoolId: inv.schoolId,
      segment: inv.segment,
      schoolYear: inv.schoolYear,
      periodKey: inv.periodKey,
      issuedOn: issued.issuedOn,
      dueOn: issued.dueOn,
      currency: 'VND',
      amount: issued.amount.toString(),
      lines: inv.lines.map((l) => ({
        feeCode: l.feeCode,
        feeName: l.feeName,
        kind: l.kind,
        periodKey: l.periodKey,
        mandatory: l.mandatory,
        amount: l.amount,
      })),
      replacesInvoiceId: inv.replacesInvoiceId,
    },
  });
}

export async function postCancel(
  deps: PostingDeps,
  tx: EntityManager,
  account: StudentAccount,
  invoice: InvoiceRow,
  reason: string,
  by: string,
  now: Date,
  cause?: Cause,
): Promise<void> {
  const ledger = await deps.ledgers.loadStudentLedger(tx, account.studentId);
  const before = ledger.entries.length;
  try {
    cancelInvoice(ledger, { invoiceId: invoice.id, date: provinceDate(now), reason });
  } catch (err) {
    throw toProblem(err);
  }
  await deps.ledgers.append(tx, entriesSince(ledger, before));
  await tx.query(
    `UPDATE invoice SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3, cancelled_by = $4 WHERE id = $1`,
    [invoice.id, now, reason, by],
  );
  await deps.messaging.outbox.enqueue(
    tx,
    eventOf<InvoiceCancelledV1>(cause, {
      ...EventTypes.invoiceCancelled,
      source: 'payments',
      subjectId: account.studentId,
      orgUnitId: invoice.schoolId,
      occurredAt: now,
      data: {
        invoiceId: invoice.id,
        studentId: account.studentId,
        schoolId: invoice.schoolId,
        segment: invoice.segment,
        schoolYear: invoice.schoolYear,
        currency: 'VND',
        amount: invoice.amount,
        reason,
        cancelledAt: now.toISOString(),
      },
    }),
  );
  await settle(deps, tx, account.studentId, ledger, now, cause);
}

/** Settlement: which invoices a student's position covers, and marking them settled. */
import { EntityManager } from 'typeorm';
import { EventTypes, InvoiceSettledV1 } from '@qn/contracts';
import { Ledger, studentPosition } from './domain/ledger';
import { Vnd } from '../shared/money';
import { InvoiceRow, invoicesOf } from './invoice-rows';
import { Cause, eventOf, PostingDeps } from './posting-deps';

/** Invoice amounts net of entitlements, and what the student's payments and credit have covered. */
export interface Coverage {
  outstanding: Map<string, Vnd>;
  receivable: Vnd;
  credit: Vnd;
}

/**
 * What is still owed per invoice. The ledger keeps one receivable per student, so payments
 * and credit cover the student's invoices oldest first (FIFO): an invoice is settled when
 * everything issued up to it, net of entitlements, is covered.
 */
export function coverage(ledger: Ledger, studentId: string, invoices: InvoiceRow[]): Coverage {
  const { receivable, credit } = studentPosition(ledger, studentId);
  const net = invoices
    .filter((i) => i.status !== 'cancelled')
    .map((i) => ({ id: i.id, net: BigInt(i.amount) - BigInt(i.entitled ?? '0') }));
  let covered = net.reduce((s, n) => s + n.net, 0n) - receivable;
  const outstanding = new Map<string, Vnd>();
  for (const n of net) {
    const paid = covered >= n.net ? n.net : covered > 0n ? covered : 0n;
    covered -= paid;
    outstanding.set(n.id, n.net - paid);
  }
  return { outstanding, receivable, credit };
}

/** Settles what one student's position now covers (the student's invoices read here). */
export async function settle(
  deps: PostingDeps,
  tx: EntityManager,
  studentId: string,
  ledger: Ledger,
  now: Date,
  cause: Cause,
): Promise<void> {
  const invoices = await invoicesOf(tx, studentId);
  await settleMany(
    deps,
    tx,
    new Map([[studentId, ledger]]),
    new Map([[studentId, invoices]]),
    now,
    cause,
  );
}

/** Marks the invoices the students' positions now cover as settled, with their events. */
export async function settleMany(
  deps: PostingDeps,
  tx: EntityManager,
  ledgers: Map<string, Ledger>,
  invoicesByStudent: ReadonlyMap<string, InvoiceRow[]>,
  now: Date,
  cause: Cause,
): Promise<void> {
  const settled: InvoiceRow[] = [];
  for (const [studentId, ledger] of ledgers) {
    const mine = invoicesByStudent.get(studentId) ?? [];
    const { outstanding } = coverage(ledger, studentId, mine);
    settled.push(...mine.filter((i) => i.status === 'open' && outstanding.get(i.id) === 0n));
  }
  if (settled.length === 0) return;
  await tx.query(`UPDATE invoice SET status = 'settled', settled_at = $2 WHERE id = ANY($1)`, [
    settled.map((i) => i.id),
    now,
  ]);
  await deps.messaging.outbox.enqueue(
    tx,
    settled.map((i) => invoiceSettledEvent(i, now, cause)),
  );
}

function invoiceSettledEvent(i: InvoiceRow, now: Date, cause: Cause) {
  return eventOf<InvoiceSettledV1>(cause, {
    ...EventTypes.invoiceSettled,
    source: 'payments',
    subjectId: i.studentId,
    orgUnitId: i.schoolId,
    occurredAt: now,
    data: {
      invoiceId: i.id,
      studentId: i.studentId,
      schoolId: i.schoolId,
      segment: i.segment,
      schoolYear: i.schoolYear,
      currency: 'VND',
      amount: i.amount,
      settledAt: now.toISOString(),
    },
  });
}

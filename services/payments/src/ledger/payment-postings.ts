/** Receiving payments (once per provider transaction) and approving refunds. */
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  EventEnvelope,
  EventTypes,
  newEvent,
  PaymentChannel,
  PaymentReceivedV2,
  PaymentRefundedV1,
  SettledLine,
  provinceDate,
} from '@qn/contracts';
import { approveRefund, Ledger, receivePayment } from './domain/ledger';
import { Vnd } from '../shared/money';
import { EventSegment, StudentAccount } from '../accounts/student-accounts';
import { byStudent, INVOICE_SELECT, InvoiceRow } from './invoice-rows';
import { toProblem } from './ledger-problems';
import { entriesSince } from './ledger.repository';
import { Cause, eventOf, PostingDeps } from './posting-deps';
import { coverage, settleMany } from './settlement';
import { ReceiptInvoice, settledLines } from './domain/receipt-lines';

export interface ReceiveCommand {
  invoiceId: string | null;
  channel: PaymentChannel;
  amount: Vnd;
  provider: 'vnpay' | 'momo' | 'bank' | 'desk';
  /** Gateway transaction number, bank transaction id, or desk receipt number: unique per provider. */
  externalId: string;
  cashier?: string;
  receivedAt: Date;
  reconciled?: boolean;
}

export interface PaymentRecord {
  paymentId: string;
  studentId: string;
  invoiceId: string | null;
  channel: PaymentChannel;
  cashless: boolean;
  amount: string;
  appliedAmount: string;
  creditAmount: string;
  receivedAt: string;
  externalReference: string;
  /** The invoice lines the payment settled (receipt lines); they sum to appliedAmount. */
  settledLines: SettledLine[];
}

export interface ReceiveItem {
  account: StudentAccount;
  cmd: ReceiveCommand;
}

/** One payment booked on its student's journal: its row, its record, its event. */
interface Booked {
  row: unknown[];
  record: PaymentRecord;
  event: EventEnvelope;
}

/**
 * Records payments in order, in a few statements whatever their number (a statement import
 * books thousands per transaction). The callers hold the students' account locks, so the
 * check for an already recorded (provider, external id) below cannot race; the unique index
 * stays the last word (an insert that conflicts anyway fails the transaction rather than
 * leave a ledger entry without its payment).
 */
export async function postPayments(
  deps: PostingDeps,
  tx: EntityManager,
  items: ReceiveItem[],
  cause?: Cause,
  options: { checkedUnderLock?: boolean } = {},
): Promise<Array<PaymentRecord | undefined>> {
  if (items.length === 0) return [];
  // A gateway order already found pending under the student's lock needs no second look.
  const known = new Set(options.checkedUnderLock ? [] : await recordedKeys(tx, items));
  const studentIds = [...new Set(items.map((i) => i.account.studentId))];
  const ledgers = await deps.ledgers.loadPositions(tx, studentIds);
  const invoices: InvoiceRow[] = await tx.query(
    `${INVOICE_SELECT} WHERE student_id = ANY($1::uuid[]) AND status <> 'cancelled' ORDER BY issued_at, id`,
    [studentIds],
  );
  const invoicesByStudent = byStudent(invoices);
  const before = new Map([...ledgers].map(([id, l]) => [id, l.entries.length]));
  const records: Array<PaymentRecord | undefined> = [];
  const booked: Booked[] = [];
  for (const { account, cmd } of items) {
    const key = `${cmd.provider} ${cmd.externalId}`;
    if (known.has(key)) {
      records.push(undefined);
      continue;
    }
    known.add(key);
    const ledger = ledgers.get(account.studentId)!;
    const b = bookPayment(ledger, account, cmd, invoicesByStudent, cause);
    records.push(b.record);
    booked.push(b);
  }
  if (booked.length === 0) return records;
  await insertPayments(
    tx,
    booked.map((b) => b.row),
  );
  await deps.ledgers.append(
    tx,
    [...ledgers].flatMap(([id, l]) => entriesSince(l, before.get(id)!)),
  );
  await deps.messaging.outbox.enqueue(
    tx,
    booked.map((b) => b.event),
  );
  await settleMany(deps, tx, ledgers, invoicesByStudent, new Date(), cause);
  return records;
}

/** `provider externalId` of the items' payments already recorded. */
async function recordedKeys(tx: EntityManager, items: ReceiveItem[]): Promise<string[]> {
  const rows = (await tx.query(
    `SELECT provider || ' ' || external_id AS k FROM payment WHERE (provider, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [items.map((i) => i.cmd.provider), items.map((i) => i.cmd.externalId)],
  )) as Array<{ k: string }>;
  return rows.map((r) => r.k);
}

/** Posts one payment on the student's journal; what is left over becomes credit. */
function bookPayment(
  ledger: Ledger,
  account: StudentAccount,
  cmd: ReceiveCommand,
  invoicesByStudent: ReadonlyMap<string, InvoiceRow[]>,
  cause: Cause,
): Booked {
  const paymentId = uuidv7();
  const mine = invoicesByStudent.get(account.studentId) ?? [];
  const paidBefore = paidPerInvoice(ledger, account.studentId, mine);
  const posted = receivePayment(ledger, {
    paymentId,
    studentId: account.studentId,
    channel: cmd.channel,
    amount: cmd.amount,
    date: provinceDate(cmd.receivedAt),
    reference: cmd.externalId,
  });
  const credit = posted
    .filter((e) => e.kind === 'creditCarriedForward')
    .reduce((s, e) => s + e.lines[0]!.debit!, 0n);
  const applied = cmd.amount - credit;
  const lines = settledLines(
    mine.filter((i) => i.status !== 'cancelled').map(receiptInvoice),
    paidBefore,
    paidPerInvoice(ledger, account.studentId, mine),
  ).map((l) => ({ ...l, amount: l.amount.toString() }));
  const facts = paidFor(account, cmd, mine);
  const cashless = cmd.channel !== 'cash';
  const row = [
    paymentId,
    account.studentId,
    cmd.invoiceId,
    facts.schoolId,
    facts.segment,
    facts.schoolYear,
    cmd.channel,
    cashless,
    cmd.amount.toString(),
    applied.toString(),
    credit.toString(),
    cmd.provider,
    cmd.externalId,
    cmd.cashier ?? null,
    cmd.receivedAt.toISOString(),
    JSON.stringify(lines),
  ];
  const record: PaymentRecord = {
    paymentId,
    studentId: account.studentId,
    invoiceId: cmd.invoiceId,
    channel: cmd.channel,
    cashless,
    amount: cmd.amount.toString(),
    appliedAmount: applied.toString(),
    creditAmount: credit.toString(),
    receivedAt: cmd.receivedAt.toISOString(),
    externalReference: cmd.externalId,
    settledLines: lines,
  };
  return { row, record, event: paymentReceivedEvent(account, cmd, record, facts, cause) };
}

/** How much of each invoice (net of entitlements) the student's position covers now. */
function paidPerInvoice(
  ledger: Ledger,
  studentId: string,
  invoices: InvoiceRow[],
): Map<string, Vnd> {
  const { outstanding } = coverage(ledger, studentId, invoices);
  return new Map(
    invoices
      .filter((i) => outstanding.has(i.id))
      .map((i) => [i.id, BigInt(i.amount) - BigInt(i.entitled ?? '0') - outstanding.get(i.id)!]),
  );
}

function receiptInvoice(i: InvoiceRow): ReceiptInvoice {
  return {
    id: i.id,
    entitled: BigInt(i.entitled ?? '0'),
    lines: i.lines.map((l) => ({
      feeCode: l.feeCode,
      feeName: l.feeName,
      kind: l.kind,
      periodKey: l.periodKey,
      mandatory: l.mandatory,
      amount: BigInt(l.amount),
    })),
  };
}

type SchoolFacts = { schoolId: string; segment: EventSegment; schoolYear: string };

/** Whose school the money counts for: the invoice paid against, else the oldest open one, else the current school. */
function paidFor(account: StudentAccount, cmd: ReceiveCommand, mine: InvoiceRow[]): SchoolFacts {
  const named =
    (cmd.invoiceId && mine.find((i) => i.id === cmd.invoiceId)) ||
    mine.find((i) => i.status === 'open');
  return (
    named ?? {
      schoolId: account.schoolId,
      segment: account.segment,
      schoolYear: account.schoolYear,
    }
  );
}

function paymentReceivedEvent(
  account: StudentAccount,
  cmd: ReceiveCommand,
  record: PaymentRecord,
  facts: SchoolFacts,
  cause: Cause,
): EventEnvelope {
  return eventOf<PaymentReceivedV2>(cause, {
    ...EventTypes.paymentReceived,
    source: 'payments',
    subjectId: account.studentId,
    orgUnitId: facts.schoolId,
    occurredAt: cmd.receivedAt,
    data: {
      ...record,
      paymentCode: account.paymentCode,
      schoolId: facts.schoolId,
      segment: facts.segment,
      schoolYear: facts.schoolYear,
      currency: 'VND',
      externalReference: cmd.externalId.slice(0, 100),
      reconciled: cmd.reconciled ?? false,
    },
  });
}

async function insertPayments(tx: EntityManager, rows: unknown[][]): Promise<void> {
  const col = (k: number) => rows.map((r) => r[k]);
  await tx.query(
    `INSERT INTO payment (id, student_id, invoice_id, school_id, segment, school_year, channel, cashless, amount, applied, credit, provider, external_id, cashier, received_at, settled_lines)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::numeric[], $10::numeric[], $11::numeric[], $12::text[], $13::text[], $14::text[], $15::timestamptz[], $16::jsonb[])`,
    Array.from({ length: 16 }, (_, k) => col(k)),
  );
}

export interface RefundRecord {
  refundId: string;
  amount: string;
  reason: string;
  refundedAt: string;
}

export async function postRefund(
  deps: PostingDeps,
  tx: EntityManager,
  account: StudentAccount,
  amount: Vnd,
  reason: string,
  by: string,
  now: Date,
): Promise<RefundRecord> {
  const ledger = await deps.ledgers.loadPosition(tx, account.studentId);
  const before = ledger.entries.length;
  const refundId = uuidv7();
  try {
    approveRefund(ledger, {
      refundId,
      studentId: account.studentId,
      amount,
      date: provinceDate(now),
      reason,
    });
  } catch (err) {
    throw toProblem(err);
  }
  await deps.ledgers.append(tx, entriesSince(ledger, before));
  await tx.query(
    `INSERT INTO refund (id, student_id, amount, reason, approved_by, approved_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [refundId, account.studentId, amount.toString(), reason, by, now],
  );
  await deps.messaging.outbox.enqueue(
    tx,
    newEvent<PaymentRefundedV1>({
      ...EventTypes.paymentRefunded,
      source: 'payments',
      subjectId: account.studentId,
      orgUnitId: account.schoolId,
      occurredAt: now,
      data: {
        refundId,
        studentId: account.studentId,
        schoolId: account.schoolId,
        segment: account.segment,
        schoolYear: account.schoolYear,
        currency: 'VND',
        amount: amount.toString(),
        reason,
        refundedAt: now.toISOString(),
      },
    }),
  );
  return { refundId, amount: amount.toString(), reason, refundedAt: now.toISOString() };
}

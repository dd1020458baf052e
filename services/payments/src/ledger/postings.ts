import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  causedBy,
  EventEnvelope,
  EventTypes,
  InvoiceCancelledV1,
  InvoiceIssuedV1,
  InvoiceSettledV1,
  newEvent,
  NewEventInput,
  PaymentChannel,
  PaymentReceivedV1,
  PaymentRefundedV1,
  provinceDate,
} from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { ProblemException, SERVICE_CONFIG } from '@qn/service-kit';
import {
  approveRefund,
  cancelInvoice,
  issueInvoice,
  Ledger,
  LedgerError,
  receivePayment,
  studentPosition,
} from '../domain/ledger';
import { addDays, Vnd } from '../domain/money';
import { FeeKind } from '../domain/fees';
import { EventSegment, StudentAccount } from '../accounts/student-accounts';
import type { PaymentsConfig } from '../config';
import { entriesSince, LedgerRepository } from './ledger.repository';

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
}

type Cause = Pick<EventEnvelope, 'id' | 'correlationId'> | undefined;

/** Invoice amounts net of entitlements, and what the student's payments and credit have covered. */
export interface Coverage {
  outstanding: Map<string, Vnd>;
  receivable: Vnd;
  credit: Vnd;
}

/**
 * Every change to what a student owes or paid, as one unit: lock the student's account, run
 * the pure ledger operation on the student's journal, append the new entries, update invoice
 * statuses, and put the events in the outbox — all in the caller's transaction.
 */
@Injectable()
export class Postings {
  constructor(
    private readonly ledgers: LedgerRepository,
    private readonly messaging: MessagingService,
    @Inject(SERVICE_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  private event<T>(cause: Cause, input: NewEventInput<T>): EventEnvelope<T> {
    return cause ? causedBy(cause, input) : newEvent(input);
  }

  async issue(
    tx: EntityManager,
    account: StudentAccount,
    inv: {
      schoolId: string;
      segment: EventSegment;
      schoolYear: string;
      periodKey: string;
      lines: InvoiceLine[];
      replacesInvoiceId: string | null;
      now: Date;
    },
    cause?: Cause,
  ): Promise<InvoiceRow> {
    const ledger = await this.ledgers.loadPosition(tx, account.studentId);
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
    const amount = inv.lines.reduce((s, l) => s + BigInt(l.amount), 0n);
    const dueOn = addDays(issuedOn, this.config.INVOICE_DUE_DAYS);
    await tx.query(
      `INSERT INTO invoice (id, student_id, school_id, segment, school_year, period_key, payment_code, amount, lines, issued_on, due_on, issued_at, replaces_invoice_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id,
        account.studentId,
        inv.schoolId,
        inv.segment,
        inv.schoolYear,
        inv.periodKey,
        account.paymentCode,
        amount.toString(),
        JSON.stringify(inv.lines),
        issuedOn,
        dueOn,
        inv.now,
        inv.replacesInvoiceId,
      ],
    );
    await this.ledgers.append(tx, entriesSince(ledger, before));
    await this.messaging.outbox.enqueue(
      tx,
      this.event<InvoiceIssuedV1>(cause, {
        ...EventTypes.invoiceIssued,
        source: 'payments',
        subjectId: account.studentId,
        orgUnitId: inv.schoolId,
        occurredAt: inv.now,
        data: {
          invoiceId: id,
          studentId: account.studentId,
          paymentCode: account.paymentCode,
          schoolId: inv.schoolId,
          segment: inv.segment,
          schoolYear: inv.schoolYear,
          periodKey: inv.periodKey,
          issuedOn,
          dueOn,
          currency: 'VND',
          amount: amount.toString(),
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
      }),
    );
    // The family's credit may already cover it.
    await this.settle(tx, account.studentId, ledger, inv.now, cause);
    return (await this.invoice(tx, id))!;
  }

  async cancel(
    tx: EntityManager,
    account: StudentAccount,
    invoice: InvoiceRow,
    reason: string,
    by: string,
    now: Date,
    cause?: Cause,
  ): Promise<void> {
    const ledger = await this.ledgers.loadStudentLedger(tx, account.studentId);
    const before = ledger.entries.length;
    try {
      cancelInvoice(ledger, { invoiceId: invoice.id, date: provinceDate(now), reason });
    } catch (err) {
      throw toProblem(err);
    }
    await this.ledgers.append(tx, entriesSince(ledger, before));
    await tx.query(
      `UPDATE invoice SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3, cancelled_by = $4 WHERE id = $1`,
      [invoice.id, now, reason, by],
    );
    await this.messaging.outbox.enqueue(
      tx,
      this.event<InvoiceCancelledV1>(cause, {
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
    await this.settle(tx, account.studentId, ledger, now, cause);
  }

  /**
   * Records a payment once: the (provider, external id) pair is unique in PostgreSQL, so a
   * second delivery of the same callback or statement line — sequential or concurrent — finds
   * the first and changes nothing. Returns undefined for such a duplicate.
   */
  async receive(
    tx: EntityManager,
    account: StudentAccount,
    cmd: ReceiveCommand,
    cause?: Cause,
    options: { checkedUnderLock?: boolean } = {},
  ): Promise<PaymentRecord | undefined> {
    return (await this.receiveMany(tx, [{ account, cmd }], cause, options))[0];
  }

  /**
   * Records payments in order, in a few statements whatever their number (a statement import
   * books thousands per transaction). The callers hold the students' account locks, so the
   * check for an already recorded (provider, external id) below cannot race; the unique index
   * stays the last word (an insert that conflicts anyway fails the transaction rather than
   * leave a ledger entry without its payment).
   */
  async receiveMany(
    tx: EntityManager,
    items: Array<{ account: StudentAccount; cmd: ReceiveCommand }>,
    cause?: Cause,
    options: { checkedUnderLock?: boolean } = {},
  ): Promise<Array<PaymentRecord | undefined>> {
    if (items.length === 0) return [];
    // A gateway order already found pending under the student's lock needs no second look.
    const known = new Set(
      (options.checkedUnderLock
        ? []
        : ((await tx.query(
            `SELECT provider || ' ' || external_id AS k FROM payment WHERE (provider, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
            [items.map((i) => i.cmd.provider), items.map((i) => i.cmd.externalId)],
          )) as Array<{ k: string }>)
      ).map((r) => r.k),
    );
    const studentIds = [...new Set(items.map((i) => i.account.studentId))];
    const ledgers = await this.ledgers.loadPositions(tx, studentIds);
    const invoices: InvoiceRow[] = await tx.query(
      `${INVOICE_SELECT} WHERE student_id = ANY($1::uuid[]) AND status <> 'cancelled' ORDER BY issued_at, id`,
      [studentIds],
    );
    const invoicesByStudent = byStudent(invoices);
    const before = new Map([...ledgers].map(([id, l]) => [id, l.entries.length]));
    const records: Array<PaymentRecord | undefined> = [];
    const rows: unknown[][] = [];
    const events: EventEnvelope[] = [];
    for (const { account, cmd } of items) {
      const key = `${cmd.provider} ${cmd.externalId}`;
      if (known.has(key)) {
        records.push(undefined);
        continue;
      }
      known.add(key);
      const ledger = ledgers.get(account.studentId)!;
      const paymentId = uuidv7();
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
      // Whose school the money counts for: the invoice paid against, else the oldest open one, else the current school.
      const mine = invoicesByStudent.get(account.studentId) ?? [];
      const named =
        (cmd.invoiceId && mine.find((i) => i.id === cmd.invoiceId)) ||
        mine.find((i) => i.status === 'open');
      const facts = named ?? {
        schoolId: account.schoolId,
        segment: account.segment,
        schoolYear: account.schoolYear,
      };
      const cashless = cmd.channel !== 'cash';
      rows.push([
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
      ]);
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
      };
      records.push(record);
      events.push(
        this.event<PaymentReceivedV1>(cause, {
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
        }),
      );
    }
    if (rows.length === 0) return records;
    const col = (k: number) => rows.map((r) => r[k]);
    await tx.query(
      `INSERT INTO payment (id, student_id, invoice_id, school_id, segment, school_year, channel, cashless, amount, applied, credit, provider, external_id, cashier, received_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::numeric[], $10::numeric[], $11::numeric[], $12::text[], $13::text[], $14::text[], $15::timestamptz[])`,
      Array.from({ length: 15 }, (_, k) => col(k)),
    );
    await this.ledgers.append(
      tx,
      [...ledgers].flatMap(([id, l]) => entriesSince(l, before.get(id)!)),
    );
    await this.messaging.outbox.enqueue(tx, events);
    await this.settleMany(tx, ledgers, invoicesByStudent, new Date(), cause);
    return records;
  }

  async refund(
    tx: EntityManager,
    account: StudentAccount,
    amount: Vnd,
    reason: string,
    by: string,
    now: Date,
  ): Promise<{ refundId: string; amount: string; reason: string; refundedAt: string }> {
    const ledger = await this.ledgers.loadPosition(tx, account.studentId);
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
    await this.ledgers.append(tx, entriesSince(ledger, before));
    await tx.query(
      `INSERT INTO refund (id, student_id, amount, reason, approved_by, approved_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [refundId, account.studentId, amount.toString(), reason, by, now],
    );
    await this.messaging.outbox.enqueue(
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

  invoice(tx: EntityManager, id: string): Promise<InvoiceRow | undefined> {
    return tx.query(`${INVOICE_SELECT} WHERE id = $1`, [id]).then((r: InvoiceRow[]) => r[0]);
  }

  invoicesOf(tx: EntityManager, studentId: string): Promise<InvoiceRow[]> {
    return tx.query(`${INVOICE_SELECT} WHERE student_id = $1 ORDER BY issued_at, id`, [studentId]);
  }

  /**
   * What is still owed per invoice. The ledger keeps one receivable per student, so payments
   * and credit cover the student's invoices oldest first (FIFO): an invoice is settled when
   * everything issued up to it, net of entitlements, is covered.
   */
  coverage(ledger: Ledger, studentId: string, invoices: InvoiceRow[]): Coverage {
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

  async settle(
    tx: EntityManager,
    studentId: string,
    ledger: Ledger,
    now: Date,
    cause: Cause,
  ): Promise<void> {
    const invoices = await this.invoicesOf(tx, studentId);
    await this.settleMany(
      tx,
      new Map([[studentId, ledger]]),
      new Map([[studentId, invoices]]),
      now,
      cause,
    );
  }

  /** Marks the invoices the students' positions now cover as settled, with their events. */
  private async settleMany(
    tx: EntityManager,
    ledgers: Map<string, Ledger>,
    invoicesByStudent: ReadonlyMap<string, InvoiceRow[]>,
    now: Date,
    cause: Cause,
  ): Promise<void> {
    const settled: InvoiceRow[] = [];
    for (const [studentId, ledger] of ledgers) {
      const mine = invoicesByStudent.get(studentId) ?? [];
      const { outstanding } = this.coverage(ledger, studentId, mine);
      settled.push(...mine.filter((i) => i.status === 'open' && outstanding.get(i.id) === 0n));
    }
    if (settled.length === 0) return;
    await tx.query(`UPDATE invoice SET status = 'settled', settled_at = $2 WHERE id = ANY($1)`, [
      settled.map((i) => i.id),
      now,
    ]);
    await this.messaging.outbox.enqueue(
      tx,
      settled.map((i) =>
        this.event<InvoiceSettledV1>(cause, {
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
        }),
      ),
    );
  }
}

/**
 * Invoices per student, in their order. A statement import books thousands of students in one
 * call: filtering the whole list per payment was quadratic (6 % of the import's CPU at 100,000 lines).
 */
function byStudent(invoices: readonly InvoiceRow[]): Map<string, InvoiceRow[]> {
  const out = new Map<string, InvoiceRow[]>();
  for (const i of invoices) {
    const list = out.get(i.studentId);
    if (list) list.push(i);
    else out.set(i.studentId, [i]);
  }
  return out;
}

/** Ledger refusals as problem+json (409: the state does not allow it). */
export function toProblem(err: unknown): unknown {
  if (err instanceof LedgerError) {
    const status = err.code === 'unknownInvoice' ? 404 : err.code === 'invalidCommand' ? 400 : 409;
    return new ProblemException(
      status,
      `ledger-${err.code}`,
      'The ledger refused this',
      err.message,
    );
  }
  return err;
}

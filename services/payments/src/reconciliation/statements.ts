import { Body, Controller, Get, Inject, Injectable, Logger, Post, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  EventTypes,
  InvalidInput,
  newEvent,
  OutOfScope,
  PROVINCE_TIME_ZONE,
  provinceDate,
  RECONCILIATION_CATEGORIES,
  ReconciliationCompletedV1,
  UnsupportedMediaType,
} from '@qn/contracts';
import { Access, AccessContext, ClientScope, Policy, Principal, Reach } from '@qn/auth';
import { MONEY_KEEPERS } from '../shared/access-policies';
import { MessagingService } from '@qn/messaging';
import { Idempotent, idempotentTransaction, SERVICE_CONFIG } from '@qn/service-kit';
import {
  BankTransaction,
  findPaymentCodes,
  matchStatement,
  MatchResult,
  OpenInvoice,
  parseStatementCsv,
  PriorPayment,
} from './domain/reconciliation';
import { isIsoDate } from '../shared/money';
import type { PaymentsConfig } from '../config';
import { StudentAccount, StudentAccounts } from '../accounts/student-accounts';
import { LedgerRepository } from '../ledger/ledger.repository';
import { Postings } from '../ledger/postings';

import { ExceptionQueue, NewException } from './exception-queue';

/** Lines booked per transaction: big enough to amortise commits, small enough to keep locks short. */
const BATCH = 1000;

/**
 * Bank statement reconciliation (đối soát sao kê): the collection account's CSV (layout in
 * domain/reconciliation.ts) is parsed, matched by payment code and amount against what each
 * student owes, and the matched lines are booked as bank transfers — once: the bank's
 * transaction id is the payment's external id, so re-importing a file books nothing twice.
 * Everything else becomes an exception for staff.
 */
@Injectable()
export class StatementsService {
  private readonly logger = new Logger(StatementsService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: PaymentsConfig,
    private readonly accounts: StudentAccounts,
    private readonly ledgers: LedgerRepository,
    private readonly postings: Postings,
    private readonly exceptions: ExceptionQueue,
    private readonly messaging: MessagingService,
  ) {}

  /**
   * A statement books money only for schools the importer may book for: one school's staff
   * cannot settle another school's invoices by naming their payment codes. Nothing is booked
   * when any line falls outside.
   */
  private async requireBookableSchools(access: AccessContext, accounts: StudentAccount[]) {
    if (access.unrestricted) return;
    const outside: string[] = [];
    for (const school of new Set(accounts.map((a) => a.schoolId)))
      if (!(await access.covers({ orgUnitIds: [school] }))) outside.push(school);
    if (outside.length)
      throw new OutOfScope(
        'statement-outside-scope',
        'The statement pays for schools outside your scope',
        `${outside.length} school(s) on this statement are not yours to book for; nothing was booked`,
      );
  }

  async import(csv: string, access: AccessContext) {
    const p: Principal = access.principal;
    if (typeof csv !== 'string' || csv.length === 0)
      throw new InvalidInput([{ field: 'body', message: 'send the statement as text/csv' }]);
    const started = Date.now();
    const parsed = parseStatementCsv(csv);
    const headerError = parsed.errors.find((e) => e.code === 'header');
    if (headerError)
      throw new InvalidInput([
        { field: 'body', message: `line ${headerError.line}: ${headerError.message}` },
      ]);
    const txns = parsed.transactions;
    const importId = uuidv7();

    // What each paying student owes now, found by the codes the statement mentions.
    const codes = [...new Set(txns.flatMap((t) => findPaymentCodes(t.description)))];
    const accounts = await this.accounts.byPaymentCodes(this.ds.manager, codes);
    await this.requireBookableSchools(access, accounts);
    const owed = await this.receivables(accounts.map((a) => a.studentId));
    const oldestOpen = await this.oldestOpenInvoices(accounts.map((a) => a.studentId));
    const invoices: OpenInvoice[] = accounts.map((a) => ({
      // Payments apply to the student's receivable; the oldest open invoice is named when there is one.
      invoiceId: oldestOpen.get(a.studentId) ?? `student:${a.studentId}`,
      paymentCode: a.paymentCode,
      studentId: a.studentId,
      outstanding: owed.get(a.studentId) ?? 0n,
    }));
    const prior = await this.priorPayments(txns.map((t) => t.transactionId));
    const outcome = matchStatement(txns, invoices, { prior });

    const byLine = new Map(txns.map((t) => [t.line, t]));
    const booked = outcome.results.filter((r) =>
      ['exact', 'partial', 'overpayment'].includes(r.category),
    );

    const exceptions: NewException[] = outcome.results
      .filter((r) => ['unmatched', 'duplicate', 'amountMismatch'].includes(r.category))
      .map((r) => ({
        source: 'statement' as const,
        kind: r.category,
        reason: r.reason,
        reference: r.transactionId,
        amount: r.amount,
        paymentCode: r.paymentCode?.includes(',') ? undefined : r.paymentCode,
        studentId: r.studentId,
        invoiceId: r.invoiceId?.startsWith('student:') ? undefined : r.invoiceId,
        importId,
        line: r.line,
        detail: {
          description: byLine.get(r.line)?.description,
          bookingDate: byLine.get(r.line)?.bookingDate,
          counterpartyName: byLine.get(r.line)?.counterpartyName,
          ...(r.duplicateOf ? { duplicateOf: r.duplicateOf } : {}),
          ...(r.remaining !== undefined ? { remaining: r.remaining.toString() } : {}),
        },
      }));
    // Unreadable lines too: a person must find out what the bank meant.
    for (const e of parsed.errors)
      exceptions.push({
        source: 'statement',
        kind: 'unreadable',
        reason: e.code,
        reference: `${importId}:line:${e.line}`,
        importId,
        line: e.line,
        detail: { message: e.message },
      });

    const dates = txns
      .map((t) => t.bookingDate)
      .filter(isIsoDate)
      .sort();
    const summary = {
      counts: outcome.summary.count,
      amounts: Object.fromEntries(
        RECONCILIATION_CATEGORIES.map((c) => [c, outcome.summary.amount[c].toString()]),
      ) as ReconciliationCompletedV1['amounts'],
    };
    const now = new Date();
    // One transaction books every line, opens the exceptions, records the import and its answer:
    // a crash leaves nothing half-imported, and a retry with the same key replays the answer.
    const answer = await idempotentTransaction(this.ds, async (tx) => {
      // Every paying student locked at once, in one order, so concurrent imports cannot deadlock.
      await this.accounts.lockMany(tx, [...new Set(booked.map((r) => r.studentId!))]);
      let bookedCount = 0;
      for (let i = 0; i < booked.length; i += BATCH)
        bookedCount += await this.book(tx, booked.slice(i, i + BATCH), byLine);
      const opened = await this.exceptions.openMany(tx, exceptions);
      await tx.query(
        `INSERT INTO statement_import (id, account_number, file_sha256, from_date, to_date, lines, rejected_lines, summary, errors, imported_by, imported_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          importId,
          this.config.COLLECTION_ACCOUNT_NO,
          createHash('sha256').update(csv).digest('hex'),
          dates[0] ?? null,
          dates[dates.length - 1] ?? null,
          txns.length,
          parsed.errors.length,
          JSON.stringify({ ...summary, booked: bookedCount }),
          JSON.stringify(parsed.errors.slice(0, 1000)),
          p.subject,
          now,
        ],
      );
      await this.messaging.outbox.enqueue(
        tx,
        newEvent<ReconciliationCompletedV1>({
          ...EventTypes.reconciliationCompleted,
          source: 'payments',
          subjectId: this.config.COLLECTION_ACCOUNT_NO,
          orgUnitId: null,
          occurredAt: now,
          data: {
            importId,
            accountNumber: this.config.COLLECTION_ACCOUNT_NO,
            fromDate: dates[0] ?? null,
            toDate: dates[dates.length - 1] ?? null,
            lines: txns.length,
            rejectedLines: parsed.errors.length,
            ...summary,
            exceptionsOpened: opened,
            completedAt: now.toISOString(),
          },
        }),
      );
      return {
        importId,
        lines: txns.length,
        rejectedLines: parsed.errors.length,
        booked: bookedCount,
        exceptionsOpened: opened,
        ...summary,
        errors: parsed.errors.slice(0, 100),
        results: outcome.results.length <= 1000 ? outcome.results.map(resultView) : undefined,
        elapsedMs: Date.now() - started,
      };
    });
    this.logger.log(
      `statement ${importId}: ${txns.length} lines, ${answer.booked} booked, ${answer.exceptionsOpened} exceptions in ${Date.now() - started} ms`,
    );
    return answer;
  }

  /** Books matched lines as bank transfers, with their students locked. */
  private async book(
    tx: EntityManager,
    results: MatchResult[],
    byLine: Map<number, BankTransaction>,
  ): Promise<number> {
    const accounts = await this.accounts.lockMany(tx, [
      ...new Set(results.map((r) => r.studentId!)),
    ]);
    const records = await this.postings.receiveMany(
      tx,
      results.map((r) => ({
        account: accounts.get(r.studentId!)!,
        cmd: {
          invoiceId: r.invoiceId?.startsWith('student:') ? null : (r.invoiceId ?? null),
          channel: 'bankTransfer' as const,
          amount: r.amount,
          provider: 'bank' as const,
          externalId: r.transactionId,
          // Booked on the bank's date, at noon in the province (the statement has no time).
          receivedAt: new Date(`${byLine.get(r.line)!.bookingDate}T12:00:00+07:00`),
          reconciled: true,
        },
      })),
    );
    return records.filter(Boolean).length;
  }

  private async receivables(studentIds: string[]): Promise<Map<string, bigint>> {
    if (studentIds.length === 0) return new Map();
    const rows: Array<{ account: string; balance: string }> = await this.ds.query(
      `SELECT account, (sum(coalesce(debit, 0)) - sum(coalesce(credit, 0)))::text AS balance
         FROM ledger_line WHERE account = ANY($1::text[]) GROUP BY account`,
      [studentIds.map((id) => `receivable:${id}`)],
    );
    return new Map(rows.map((r) => [r.account.slice('receivable:'.length), BigInt(r.balance)]));
  }

  private async oldestOpenInvoices(studentIds: string[]): Promise<Map<string, string>> {
    if (studentIds.length === 0) return new Map();
    const rows: Array<{ studentId: string; id: string }> = await this.ds.query(
      `SELECT DISTINCT ON (student_id) student_id AS "studentId", id FROM invoice
        WHERE student_id = ANY($1::uuid[]) AND status = 'open' ORDER BY student_id, issued_at, id`,
      [studentIds],
    );
    return new Map(rows.map((r) => [r.studentId, r.id]));
  }

  private async priorPayments(transactionIds: string[]): Promise<PriorPayment[]> {
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

  /** Báo cáo đối soát ngày: money received by channel, cashless shares, imports and exceptions of a day. */
  async daily(date: string) {
    if (!isIsoDate(date))
      throw new InvalidInput([{ field: 'date', message: 'must be a date YYYY-MM-DD' }]);
    const day = `(received_at AT TIME ZONE '${PROVINCE_TIME_ZONE}')::date = $1::date`;
    const byChannel: Array<{ channel: string; count: number; amount: string }> =
      await this.ds.query(
        `SELECT channel, count(*)::int AS count, sum(amount)::text AS amount FROM payment WHERE ${day} GROUP BY channel ORDER BY channel`,
        [date],
      );
    let total = 0n;
    let cashless = 0n;
    let count = 0;
    let cashlessCount = 0;
    for (const c of byChannel) {
      total += BigInt(c.amount);
      count += c.count;
      if (c.channel !== 'cash') {
        cashless += BigInt(c.amount);
        cashlessCount += c.count;
      }
    }
    const imports = await this.ds.query(
      `SELECT id, account_number AS "accountNumber", lines, rejected_lines AS "rejectedLines", summary, imported_by AS "importedBy", imported_at AS "importedAt"
         FROM statement_import WHERE (imported_at AT TIME ZONE '${PROVINCE_TIME_ZONE}')::date = $1::date ORDER BY imported_at`,
      [date],
    );
    const exceptions = await this.ds.query(
      `SELECT source, kind, count(*)::int AS opened, count(*) FILTER (WHERE status = 'open')::int AS "stillOpen"
         FROM payment_exception WHERE (created_at AT TIME ZONE '${PROVINCE_TIME_ZONE}')::date = $1::date GROUP BY source, kind ORDER BY source, kind`,
      [date],
    );
    const [{ open }] = await this.ds.query(
      `SELECT count(*)::int AS open FROM payment_exception WHERE status = 'open'`,
    );
    // Shares in basis points (10000 = 100 %), rounded half up, so no float decides a KPI.
    const bp = (part: bigint, whole: bigint) =>
      whole === 0n ? null : Number((2n * part * 10_000n + whole) / (2n * whole));
    return {
      date,
      timeZone: PROVINCE_TIME_ZONE,
      generatedOn: provinceDate(),
      currency: 'VND',
      received: { count, amount: total.toString(), byChannel },
      cashlessShareByAmountBasisPoints: bp(cashless, total),
      cashlessShareByCountBasisPoints: bp(BigInt(cashlessCount), BigInt(count)),
      statementImports: imports,
      exceptionsOpened: exceptions,
      exceptionsOpenInTotal: open,
    };
  }
}

const resultView = (r: MatchResult) => ({
  ...r,
  amount: r.amount.toString(),
  applied: r.applied.toString(),
  excess: r.excess.toString(),
  ...(r.remaining !== undefined ? { remaining: r.remaining.toString() } : {}),
  ...(r.invoiceId?.startsWith('student:') ? { invoiceId: undefined } : {}),
});

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('reconciliation')
export class StatementsController {
  constructor(private readonly service: StatementsService) {}

  /** Imports the collection account's statement (text/csv, layout in the README) and matches it. */
  @Post('statements')
  @Policy({
    action: 'import',
    resource: 'bank-statement',
    users: MONEY_KEEPERS,
    clients: { [ClientScope.StatementsImport]: Reach.Unit },
  })
  @Idempotent()
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string' } })
  import(@Body() csv: string, @Access() access: AccessContext) {
    if (typeof csv !== 'string')
      throw new UnsupportedMediaType(
        'unsupported-media-type',
        'Send text/csv',
        'the statement must be sent with content-type text/csv',
      );
    return this.service.import(csv, access);
  }

  @Get('reports/daily')
  @Policy({
    action: 'read',
    resource: 'daily-payments-report',
    users: MONEY_KEEPERS,
    clients: { [ClientScope.PaymentsRead]: Reach.All },
  })
  daily(@Query('date') date?: string) {
    return this.service.daily(date ?? provinceDate());
  }
}

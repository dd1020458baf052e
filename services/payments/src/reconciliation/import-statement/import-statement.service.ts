import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  EventTypes,
  InvalidInput,
  newEvent,
  OutOfScope,
  RECONCILIATION_CATEGORIES,
  ReconciliationCompletedV1,
} from '@qn/contracts';
import { AccessContext } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { idempotentTransaction, SERVICE_CONFIG } from '@qn/service-kit';
import {
  BankTransaction,
  findPaymentCodes,
  matchStatement,
  MatchOutcome,
  MatchResult,
  OpenInvoice,
  ParsedStatement,
  parseStatementCsv,
} from '../domain/reconciliation';
import { isIsoDate } from '../../shared/money';
import type { PaymentsConfig } from '../../config';
import { StudentAccount, StudentAccounts } from '../../accounts/student-accounts';
import { Postings } from '../../ledger/postings';
import { ExceptionQueue } from '../exception-queue.repository';
import { StatementImportsRepository } from '../statement-imports.repository';
import { resultView, statementExceptions } from './statement-outcome';

/** Lines booked per transaction: big enough to amortise commits, small enough to keep locks short. */
const BATCH = 1000;

type Summary = Pick<ReconciliationCompletedV1, 'counts' | 'amounts'>;

/** What one import did, recorded with the import and announced. */
interface ImportRecord {
  importId: string;
  csv: string;
  parsed: ParsedStatement;
  summary: Summary;
  booked: number;
  opened: number;
  importedBy: string;
  now: Date;
}

/**
 * Bank statement reconciliation (đối soát sao kê): the collection account's CSV (layout in
 * domain/reconciliation.ts) is parsed, matched by payment code and amount against what each
 * student owes, and the matched lines are booked as bank transfers — once: the bank's
 * transaction id is the payment's external id, so re-importing a file books nothing twice.
 * Everything else becomes an exception for staff.
 */
@Injectable()
export class ImportStatementService {
  private readonly logger = new Logger(ImportStatementService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: PaymentsConfig,
    private readonly accounts: StudentAccounts,
    private readonly postings: Postings,
    private readonly exceptions: ExceptionQueue,
    private readonly imports: StatementImportsRepository,
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
    if (typeof csv !== 'string' || csv.length === 0)
      throw new InvalidInput([{ field: 'body', message: 'send the statement as text/csv' }]);
    const started = Date.now();
    const parsed = parseStatementCsv(csv);
    const headerError = parsed.errors.find((e) => e.code === 'header');
    if (headerError)
      throw new InvalidInput([
        { field: 'body', message: `line ${headerError.line}: ${headerError.message}` },
      ]);
    // An ambiguous amount means the file's number convention cannot be told: every amount in it
    // is suspect, so nothing is booked and each such line is named.
    const ambiguous = parsed.errors.filter((e) => e.code === 'amountAmbiguous');
    if (ambiguous.length)
      throw new InvalidInput(
        ambiguous.slice(0, 100).map((e) => ({
          field: `line ${e.line}: amount`,
          message: `${e.message}. Số tiền không rõ dấu phân cách (hàng nghìn hay thập phân); hãy xuất sao kê với số tiền chỉ gồm chữ số.`,
        })),
      );
    const outcome = await this.match(parsed.transactions, access);
    const importId = uuidv7();
    const now = new Date();
    // One transaction books every line, opens the exceptions, records the import and its answer:
    // a crash leaves nothing half-imported, and a retry with the same key replays the answer.
    const answer = await idempotentTransaction(this.ds, async (tx) => {
      const booked = await this.bookAll(tx, outcome, parsed.transactions);
      const exceptions = statementExceptions(parsed, outcome, importId);
      const opened = await this.exceptions.openMany(tx, exceptions);
      const summary = summaryOf(outcome);
      const importedBy = access.principal.subject;
      const record = { importId, csv, parsed, summary, booked, opened, importedBy, now };
      await this.record(tx, record);
      return {
        importId,
        lines: parsed.transactions.length,
        rejectedLines: parsed.errors.length,
        booked,
        exceptionsOpened: opened,
        ...summary,
        errors: parsed.errors.slice(0, 100),
        results: outcome.results.length <= 1000 ? outcome.results.map(resultView) : undefined,
        elapsedMs: Date.now() - started,
      };
    });
    this.logger.log(
      `statement ${importId}: ${parsed.transactions.length} lines, ${answer.booked} booked, ${answer.exceptionsOpened} exceptions in ${Date.now() - started} ms`,
    );
    return answer;
  }

  /** Matches the lines against what each paying student owes now, found by the codes the statement mentions. */
  private async match(txns: BankTransaction[], access: AccessContext): Promise<MatchOutcome> {
    const codes = [...new Set(txns.flatMap((t) => findPaymentCodes(t.description)))];
    const accounts = await this.accounts.byPaymentCodes(this.ds.manager, codes);
    await this.requireBookableSchools(access, accounts);
    const owed = await this.imports.receivables(accounts.map((a) => a.studentId));
    const oldestOpen = await this.imports.oldestOpenInvoices(accounts.map((a) => a.studentId));
    const invoices: OpenInvoice[] = accounts.map((a) => ({
      // Payments apply to the student's receivable; the oldest open invoice is named when there is one.
      invoiceId: oldestOpen.get(a.studentId) ?? `student:${a.studentId}`,
      paymentCode: a.paymentCode,
      studentId: a.studentId,
      outstanding: owed.get(a.studentId) ?? 0n,
    }));
    const prior = await this.imports.priorPayments(txns.map((t) => t.transactionId));
    return matchStatement(txns, invoices, { prior });
  }

  /** Books every matched line, in batches. */
  private async bookAll(tx: EntityManager, outcome: MatchOutcome, txns: BankTransaction[]) {
    const byLine = new Map(txns.map((t) => [t.line, t]));
    const booked = outcome.results.filter((r) =>
      ['exact', 'partial', 'overpayment'].includes(r.category),
    );
    // Every paying student locked at once, in one order, so concurrent imports cannot deadlock.
    await this.accounts.lockMany(tx, [...new Set(booked.map((r) => r.studentId!))]);
    let bookedCount = 0;
    for (let i = 0; i < booked.length; i += BATCH)
      bookedCount += await this.book(tx, booked.slice(i, i + BATCH), byLine);
    return bookedCount;
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

  /** Records the import and announces it (reconciliation.completed), in the import's transaction. */
  private async record(tx: EntityManager, r: ImportRecord): Promise<void> {
    const txns = r.parsed.transactions;
    const dates = txns
      .map((t) => t.bookingDate)
      .filter(isIsoDate)
      .sort();
    const fromDate = dates[0] ?? null;
    const toDate = dates[dates.length - 1] ?? null;
    await tx.query(
      `INSERT INTO statement_import (id, account_number, file_sha256, from_date, to_date, lines, rejected_lines, summary, errors, imported_by, imported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        r.importId,
        this.config.COLLECTION_ACCOUNT_NO,
        createHash('sha256').update(r.csv).digest('hex'),
        fromDate,
        toDate,
        txns.length,
        r.parsed.errors.length,
        JSON.stringify({ ...r.summary, booked: r.booked }),
        JSON.stringify(r.parsed.errors.slice(0, 1000)),
        r.importedBy,
        r.now,
      ],
    );
    await this.messaging.outbox.enqueue(
      tx,
      newEvent<ReconciliationCompletedV1>({
        ...EventTypes.reconciliationCompleted,
        source: 'payments',
        subjectId: this.config.COLLECTION_ACCOUNT_NO,
        orgUnitId: null,
        occurredAt: r.now,
        data: {
          importId: r.importId,
          accountNumber: this.config.COLLECTION_ACCOUNT_NO,
          fromDate,
          toDate,
          lines: txns.length,
          rejectedLines: r.parsed.errors.length,
          ...r.summary,
          exceptionsOpened: r.opened,
          completedAt: r.now.toISOString(),
        },
      }),
    );
  }
}

/** Counts and amounts per category (amounts as integer VND strings). */
function summaryOf(outcome: MatchOutcome): Summary {
  return {
    counts: outcome.summary.count,
    amounts: Object.fromEntries(
      RECONCILIATION_CATEGORIES.map((c) => [c, outcome.summary.amount[c].toString()]),
    ) as ReconciliationCompletedV1['amounts'],
  };
}

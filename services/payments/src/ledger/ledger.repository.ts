import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Account, EntryKind, EntryLine, JournalEntry, Ledger } from './domain/ledger';

interface EntryRow {
  entryId: string;
  kind: JournalEntry['kind'];
  date: string;
  memo: string | null;
  refs: Record<string, string>;
  lines: Array<{ account: string; debit: string | null; credit: string | null }>;
}

/**
 * The journal in PostgreSQL. A student's entries are loaded into the pure domain `Ledger`
 * (which enforces balance and the student's normal form), the operation runs there, and the
 * entries it appended are written back in the caller's transaction. Balances are always folded
 * from the lines; nothing stores a balance.
 */
@Injectable()
export class LedgerRepository {
  /** The student's journal (every entry whose refs name the student), oldest first. */
  async loadStudentLedgers(tx: EntityManager, studentIds: string[]): Promise<Map<string, Ledger>> {
    const rows: Array<EntryRow & { studentId: string }> = await tx.query(
      `SELECT e.student_id AS "studentId", e.entry_id AS "entryId", e.kind, to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.memo, e.refs,
              json_agg(json_build_object('account', l.account, 'debit', l.debit::text, 'credit', l.credit::text) ORDER BY l.line_no) AS lines
         FROM ledger_entry e JOIN ledger_line l ON l.entry_id = e.entry_id
        WHERE e.student_id = ANY($1::uuid[])
        GROUP BY e.entry_id ORDER BY e.seq`,
      [studentIds],
    );
    const ledgers = new Map(studentIds.map((id) => [id, new Ledger()]));
    for (const r of rows) {
      ledgers.get(r.studentId)!.postEntry({
        entryId: r.entryId,
        kind: r.kind,
        date: r.date,
        ...(r.memo !== null ? { memo: r.memo } : {}),
        refs: r.refs,
        lines: r.lines.map((l): EntryLine =>
          l.debit !== null
            ? { account: l.account, debit: BigInt(l.debit) }
            : { account: l.account, credit: BigInt(l.credit!) },
        ),
      });
    }
    return ledgers;
  }

  async loadStudentLedger(tx: EntityManager, studentId: string): Promise<Ledger> {
    return (await this.loadStudentLedgers(tx, [studentId])).get(studentId)!;
  }

  /**
   * The student's position only: one opening entry carrying the current balances of the
   * student's own accounts (receivable, credit, refunds payable), balanced against a pseudo
   * account that is never written. Enough for the operations that only need the position
   * (payments, new invoices, refunds) and O(1) in the student's history; cancellation and
   * entitlements, which need the invoice's entries, load the full journal.
   */
  async loadPositions(tx: EntityManager, studentIds: string[]): Promise<Map<string, Ledger>> {
    const accounts = studentIds.flatMap((id) => [
      Account.receivable(id),
      Account.credit(id),
      Account.refundsPayable(id),
    ]);
    const rows: Array<{ account: string; balance: string }> = await tx.query(
      `SELECT account, (sum(coalesce(debit, 0)) - sum(coalesce(credit, 0)))::text AS balance
         FROM ledger_line WHERE account = ANY($1::text[]) GROUP BY account`,
      [accounts],
    );
    const byStudent = new Map<string, EntryLine[]>();
    for (const r of rows) {
      const balance = BigInt(r.balance);
      if (balance === 0n) continue;
      const id = r.account.slice(r.account.indexOf(':') + 1);
      const line: EntryLine =
        balance > 0n
          ? { account: r.account, debit: balance }
          : { account: r.account, credit: -balance };
      byStudent.set(id, [...(byStudent.get(id) ?? []), line]);
    }
    const ledgers = new Map<string, Ledger>();
    for (const id of studentIds) {
      const ledger = new Ledger();
      const lines = byStudent.get(id) ?? [];
      if (lines.length) {
        const net = lines.reduce((s, l) => s + (l.debit ?? 0n) - (l.credit ?? 0n), 0n);
        if (net !== 0n)
          lines.push(
            net > 0n
              ? { account: `opening:${id}`, credit: net }
              : { account: `opening:${id}`, debit: -net },
          );
        // Opening entries are never appended to the journal: `entriesSince` starts after them.
        ledger.postEntry({
          entryId: `opening:${id}`,
          date: '1970-01-01',
          kind: 'opening' as EntryKind,
          refs: {},
          lines,
        });
      }
      ledgers.set(id, ledger);
    }
    return ledgers;
  }

  async loadPosition(tx: EntityManager, studentId: string): Promise<Ledger> {
    return (await this.loadPositions(tx, [studentId])).get(studentId)!;
  }

  /**
   * Writes journal entries and their lines in ONE statement, whatever their number: the
   * balance trigger on ledger_line then sees every line of every entry at once, and a payment
   * costs one round trip for its journal.
   */
  async append(tx: EntityManager, entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const ids: string[] = [];
    const nos: number[] = [];
    const accounts: string[] = [];
    const debits: Array<string | null> = [];
    const credits: Array<string | null> = [];
    for (const e of entries) {
      e.lines.forEach((l, i) => {
        ids.push(e.entryId);
        nos.push(i + 1);
        accounts.push(l.account);
        debits.push(l.debit !== undefined ? l.debit.toString() : null);
        credits.push(l.credit !== undefined ? l.credit.toString() : null);
      });
    }
    await tx.query(
      `WITH entries AS (
         INSERT INTO ledger_entry (entry_id, student_id, kind, entry_date, memo, refs)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::date[], $5::text[], $6::jsonb[])
       )
       INSERT INTO ledger_line (entry_id, line_no, account, debit, credit)
       SELECT * FROM unnest($7::text[], $8::smallint[], $9::text[], $10::numeric[], $11::numeric[])`,
      [
        entries.map((e) => e.entryId),
        entries.map((e) => e.refs.studentId ?? null),
        entries.map((e) => e.kind),
        entries.map((e) => e.date),
        entries.map((e) => e.memo ?? null),
        entries.map((e) => JSON.stringify(e.refs)),
        ids,
        nos,
        accounts,
        debits,
        credits,
      ],
    );
  }
}

/** Entries appended to `ledger` since it held `before` entries. */
export function entriesSince(ledger: Ledger, before: number): JournalEntry[] {
  return ledger.entries.slice(before);
}

import {
  BankTransaction,
  MatchResult,
  ParsedStatement,
  MatchOutcome,
} from '../domain/reconciliation';
import { NewException } from '../exception-queue.repository';

/**
 * What staff must look at after an import: lines the matching could not book (unmatched,
 * duplicate, wrong amount) and lines that could not be read — a person must find out what the
 * bank meant.
 */
export function statementExceptions(
  parsed: ParsedStatement,
  outcome: MatchOutcome,
  importId: string,
): NewException[] {
  const byLine = new Map(parsed.transactions.map((t) => [t.line, t]));
  const exceptions: NewException[] = outcome.results
    .filter((r) => ['unmatched', 'duplicate', 'amountMismatch'].includes(r.category))
    .map((r) => unbookedLine(r, importId, byLine.get(r.line)));
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
  return exceptions;
}

function unbookedLine(
  r: MatchResult,
  importId: string,
  txn: BankTransaction | undefined,
): NewException {
  return {
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
      description: txn?.description,
      bookingDate: txn?.bookingDate,
      counterpartyName: txn?.counterpartyName,
      ...(r.duplicateOf ? { duplicateOf: r.duplicateOf } : {}),
      ...(r.remaining !== undefined ? { remaining: r.remaining.toString() } : {}),
    },
  };
}

/** A match result as the API shows it (amounts as strings, no made-up invoice ids). */
export const resultView = (r: MatchResult) => ({
  ...r,
  amount: r.amount.toString(),
  applied: r.applied.toString(),
  excess: r.excess.toString(),
  ...(r.remaining !== undefined ? { remaining: r.remaining.toString() } : {}),
  ...(r.invoiceId?.startsWith('student:') ? { invoiceId: undefined } : {}),
});

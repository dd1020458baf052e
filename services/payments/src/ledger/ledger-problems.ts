import { DomainError } from '@qn/contracts';
import { LedgerError } from './domain/ledger';

/**
 * A ledger refusal (sổ cái) as the HTTP answer: an unknown invoice is 404, a malformed command
 * 400, and any other refusal 409 (the ledger's state does not allow it).
 */
export class LedgerRefused extends DomainError {
  constructor(err: LedgerError) {
    super(
      err.code === 'unknownInvoice' ? 404 : err.code === 'invalidCommand' ? 400 : 409,
      `ledger-${err.code}`,
      'The ledger refused this',
      err.message,
    );
  }
}

/** Ledger refusals as their typed error; anything else as it is. */
export function toProblem(err: unknown): unknown {
  return err instanceof LedgerError ? new LedgerRefused(err) : err;
}

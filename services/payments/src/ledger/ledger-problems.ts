import { ProblemException } from '@qn/service-kit';
import { LedgerError } from '../domain/ledger';

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

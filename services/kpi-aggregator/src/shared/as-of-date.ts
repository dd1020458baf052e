import { InvalidInput, provinceDate } from '@qn/contracts';
import { isIsoDate } from '../indicators/domain/periods';

/** The `asOf` query parameter: a date YYYY-MM-DD, default today in the province. */
export function checkDate(asOf: string | undefined): string {
  if (asOf === undefined) return provinceDate();
  // A real calendar day: 2026-02-30 parses in JavaScript (as 2 March) but not in PostgreSQL.
  if (!isIsoDate(asOf)) {
    throw InvalidInput.of('asOf', 'must be a date YYYY-MM-DD');
  }
  return asOf;
}

import { compareDates, IsoDate } from '../../shared/money';
import { FeeCatalogue, TermNo } from './fees';

/** The billing period of a term (học kỳ): `2025-2026/HK1`. */
export const termPeriodKey = (schoolYear: string, term: TermNo) => `${schoolYear}/HK${term}`;

/** The term a date falls in: before the first term → term 1; after the last → none. */
export function termOf(catalogue: FeeCatalogue, date: IsoDate): TermNo | undefined {
  for (const t of catalogue.calendar.terms) if (compareDates(date, t.until) < 0) return t.term;
  return undefined;
}

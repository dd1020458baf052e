/** Periods of a time series (pure). */
import { parsePeriodOfType, Period, PeriodError, PeriodType } from '../../indicators/domain';

export const MAX_SERIES = 40;

function next(type: PeriodType, code: string): string {
  switch (type) {
    case 'calendar-year':
      return String(+code + 1);
    case 'school-year': {
      const y = +code.slice(0, 4) + 1;
      return `${y}-${y + 1}`;
    }
    case 'semester': {
      const [hk, a] = [code.slice(0, 3), +code.slice(4, 8)];
      return hk === 'HK1' ? `HK2-${a}-${a + 1}` : `HK1-${a + 1}-${a + 2}`;
    }
    case 'as-of':
      throw new PeriodError('as-of series take an explicit list of dates (periods=...)');
  }
}

/** The periods from `from` to `to` (inclusive) of one type, oldest first. */
export function periodsBetween(type: PeriodType, from: string, to: string): Period[] {
  const first = parsePeriodOfType(type, from);
  const last = parsePeriodOfType(type, to);
  if (last.start < first.start) throw new PeriodError(`'${to}' is before '${from}'`);
  const out: Period[] = [first];
  while (out[out.length - 1].code !== last.code) {
    if (out.length >= MAX_SERIES)
      throw new PeriodError(`a series has at most ${MAX_SERIES} periods`);
    out.push(parsePeriodOfType(type, next(type, out[out.length - 1].code)));
  }
  return out;
}

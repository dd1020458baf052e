/**
 * School years (năm học) and their terms (học kỳ): pure rules, no framework.
 * Dates are calendar dates YYYY-MM-DD.
 */
import {
  EventEnvelope,
  EventTypes,
  FieldError,
  newEvent,
  type SchoolYearChangedV1,
} from '@qn/contracts';

export interface TermInput {
  code: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface SchoolYearInput {
  code: string;
  startsOn: string;
  endsOn: string;
  terms: TermInput[];
}

/** A school year as stored and published. */
export type SchoolYear = SchoolYearChangedV1;

/** Pure rule: terms lie inside the year, in order, without overlap; the code matches the years. */
export function checkSchoolYear(y: SchoolYearInput): FieldError[] {
  const errors: FieldError[] = [];
  const [a, b] = y.code.split('-').map(Number);
  if (b !== a + 1) errors.push({ field: 'code', message: 'must name two consecutive years' });
  if (y.endsOn <= y.startsOn) errors.push({ field: 'endsOn', message: 'must be after startsOn' });
  if (!y.startsOn.startsWith(String(a)))
    errors.push({ field: 'startsOn', message: `must be in ${a}` });
  return [...errors, ...checkTerms(y)];
}

/** Each term ends after it starts, lies inside the year and starts after the previous one ends. */
function checkTerms(y: SchoolYearInput): FieldError[] {
  const errors: FieldError[] = [];
  let previousEnd = '';
  y.terms.forEach((t, i) => {
    if (t.endsOn <= t.startsOn)
      errors.push({ field: `terms.${i}.endsOn`, message: 'must be after startsOn' });
    if (t.startsOn < y.startsOn || t.endsOn > y.endsOn)
      errors.push({ field: `terms.${i}`, message: 'must lie inside the school year' });
    if (previousEnd && t.startsOn <= previousEnd)
      errors.push({
        field: `terms.${i}.startsOn`,
        message: 'must start after the previous term ends',
      });
    previousEnd = t.endsOn;
  });
  return errors;
}

/** A new school year (revision 1), term names NFC-normalised. */
export function newSchoolYear(id: string, input: SchoolYearInput): SchoolYear {
  return {
    id,
    code: input.code,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    terms: input.terms.map((t) => ({ ...t, name: t.name.normalize('NFC') })),
    revision: 1,
  };
}

/** The year as `registry.school-year.changed` v1 (compacted by year id). */
export function schoolYearChanged(year: SchoolYear): EventEnvelope<SchoolYearChangedV1> {
  return newEvent({
    ...EventTypes.schoolYearChanged,
    source: 'registry',
    subjectId: year.id,
    data: year,
  });
}

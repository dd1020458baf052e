import { InvalidInput } from '@qn/contracts';

const SCHOOL_YEAR = /^(\d{4})-(\d{4})$/;

/** A school year path parameter, `2025-2026` (two consecutive years): 400 naming it otherwise. */
export function checkSchoolYear(schoolYear: string): string {
  const y = SCHOOL_YEAR.exec(schoolYear);
  if (!y || Number(y[2]) !== Number(y[1]) + 1)
    throw InvalidInput.of('params.schoolYear', 'must be a school year like 2025-2026');
  return schoolYear;
}

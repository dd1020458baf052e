/** Whether a student may ask to move to a school (pure). */
export const LEVEL_BY_GRADE = (grade: number) =>
  grade <= 5 ? 'primary' : grade <= 9 ? 'lower-secondary' : 'upper-secondary';

/** The receiving school as the registry copy knows it (undefined: not a school it knows). */
export interface ReceivingSchool {
  levels: string[];
}

export function transferProblems(
  student: { schoolId: string; grade: number },
  toSchoolId: string,
  to: ReceivingSchool | undefined,
): Array<{ field: string; message: string }> {
  const errors: Array<{ field: string; message: string }> = [];
  if (toSchoolId === student.schoolId)
    errors.push({ field: 'toSchoolId', message: 'is the school the student is in' });
  if (!to) errors.push({ field: 'toSchoolId', message: 'is not a school known to the registry' });
  else if (!to.levels.includes(LEVEL_BY_GRADE(student.grade)))
    errors.push({
      field: 'toSchoolId',
      message: `this school does not teach grade ${student.grade}`,
    });
  return errors;
}

/** The rules a new admission round (kỳ tuyển sinh) must follow (pure). */
import { grade10SettingsProblems } from './admission-regulation';

export interface RoundSettings {
  schoolYear: string;
  grade: number;
  opensAt: string;
  closesAt: string;
  priorityCategories: Array<{ code: string; points: number }>;
  exam?: { subjects: Array<{ code: string; weight: number }>; tieBreakSubjects: string[] };
}

/** What is inconsistent in a round's settings, field by field (empty when it is fine). */
export function roundProblems(dto: RoundSettings): Array<{ field: string; message: string }> {
  const errors: Array<{ field: string; message: string }> = [];
  if (new Date(dto.closesAt) <= new Date(dto.opensAt))
    errors.push({ field: 'closesAt', message: 'must be after opensAt' });
  const [from, to] = dto.schoolYear.split('-').map(Number);
  if (to !== from + 1)
    errors.push({ field: 'schoolYear', message: 'must name two consecutive years' });
  if (dto.grade === 10 && !dto.exam)
    errors.push({
      field: 'exam',
      message: 'grade 10 admission needs the exam subjects and weights',
    });
  if (dto.grade !== 10 && dto.exam)
    errors.push({ field: 'exam', message: 'only grade 10 admission is by exam' });
  const codes = dto.priorityCategories.map((c) => c.code);
  if (new Set(codes).size !== codes.length)
    errors.push({ field: 'priorityCategories', message: 'codes must be unique' });
  if (dto.exam) {
    const subjects = dto.exam.subjects.map((s) => s.code);
    const unknown = dto.exam.tieBreakSubjects.filter((s) => !subjects.includes(s));
    if (unknown.length)
      errors.push({
        field: 'exam.tieBreakSubjects',
        message: `not exam subjects: ${unknown.join(', ')}`,
      });
    // The current admission regulation fixes the score's formula and the priority points.
    if (dto.grade === 10)
      errors.push(
        ...grade10SettingsProblems({
          schoolYear: dto.schoolYear,
          priorityCategories: dto.priorityCategories,
          exam: dto.exam,
        }),
      );
  }
  return errors;
}

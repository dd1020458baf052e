import { roundProblems, RoundSettings } from './round-rules';

describe('round rules', () => {
  const grade1: RoundSettings = {
    schoolYear: '2026-2027',
    grade: 1,
    opensAt: '2026-06-01T01:00:00Z',
    closesAt: '2026-06-15T10:00:00Z',
    priorityCategories: [{ code: 'A' }, { code: 'B' }],
  };
  const exam = { subjects: [{ code: 'TOAN' }, { code: 'VAN' }], tieBreakSubjects: ['VAN'] };

  it('accepts a consistent round', () => {
    expect(roundProblems(grade1)).toEqual([]);
    expect(roundProblems({ ...grade1, grade: 10, exam })).toEqual([]);
  });

  it('names every inconsistent field', () => {
    const fields = (s: RoundSettings) => roundProblems(s).map((p) => p.field);
    expect(
      fields({
        ...grade1,
        schoolYear: '2026-2028',
        closesAt: grade1.opensAt,
        priorityCategories: [{ code: 'A' }, { code: 'A' }],
      }),
    ).toEqual(['closesAt', 'schoolYear', 'priorityCategories']);
    expect(fields({ ...grade1, grade: 10 })).toEqual(['exam']);
    expect(fields({ ...grade1, exam })).toEqual(['exam']);
    expect(fields({ ...grade1, grade: 10, exam: { ...exam, tieBreakSubjects: ['ANH'] } })).toEqual([
      'exam.tieBreakSubjects',
    ]);
  });
});

import { roundProblems, RoundSettings } from './round-rules';

describe('round rules', () => {
  const grade1: RoundSettings = {
    schoolYear: '2026-2027',
    grade: 1,
    opensAt: '2026-06-01T01:00:00Z',
    closesAt: '2026-06-15T10:00:00Z',
    priorityCategories: [
      { code: 'A', points: 2 },
      { code: 'B', points: 1 },
    ],
  };
  const exam = {
    subjects: [
      { code: 'TOAN', weight: 1 },
      { code: 'VAN', weight: 1 },
      { code: 'ANH', weight: 1 },
    ],
    tieBreakSubjects: ['VAN'],
  };

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
        priorityCategories: [
          { code: 'A', points: 1 },
          { code: 'A', points: 1 },
        ],
      }),
    ).toEqual(['closesAt', 'schoolYear', 'priorityCategories']);
    expect(fields({ ...grade1, grade: 10 })).toEqual(['exam']);
    expect(fields({ ...grade1, exam })).toEqual(['exam']);
    expect(fields({ ...grade1, grade: 10, exam: { ...exam, tieBreakSubjects: ['LY'] } })).toEqual([
      'exam.tieBreakSubjects',
    ]);
  });

  it('holds grade-10 rounds to the current regulation (weights, priority points)', () => {
    const fields = (s: RoundSettings) => roundProblems(s).map((p) => p.field);
    const weighted = {
      ...exam,
      subjects: [{ code: 'TOAN', weight: 2 }, { code: 'VAN', weight: 2 }, exam.subjects[2]],
    };
    expect(fields({ ...grade1, grade: 10, exam: weighted })).toEqual([
      'exam.subjects.0.weight',
      'exam.subjects.1.weight',
    ]);
    expect(
      fields({
        ...grade1,
        grade: 10,
        exam,
        priorityCategories: [{ code: 'X', points: 3 }],
      }),
    ).toEqual(['priorityCategories.0.points']);
    // A round of an earlier intake keeps the rules it ran under.
    expect(fields({ ...grade1, schoolYear: '2024-2025', grade: 10, exam: weighted })).toEqual([]);
  });
});

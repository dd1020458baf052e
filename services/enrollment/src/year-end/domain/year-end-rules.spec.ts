import { decideYearEnd, nextSchoolYear, teachesGraduationGrade } from './year-end-rules';

describe('year-end rules', () => {
  const open = [
    { studentId: 'a', grade: 1 },
    { studentId: 'b', grade: 4 },
    { studentId: 'c', grade: 5 },
    { studentId: 'd', grade: 5 },
    { studentId: 'e', grade: 9 },
    { studentId: 'f', grade: 12 },
  ];

  it('promotes, completes the level in grades 5, 9 and 12, and keeps back the learners named', () => {
    const { decisions, problems } = decideYearEnd(open, ['b', 'd']);
    expect(problems).toEqual([]);
    expect(decisions.map((d) => [d.studentId, d.outcome, d.nextGrade])).toEqual([
      ['a', 'promoted', 2],
      ['b', 'repeating', 4],
      ['c', 'completed-level', null],
      // failing the last grade of a level repeats it
      ['d', 'repeating', 5],
      ['e', 'completed-level', null],
      ['f', 'completed-level', null],
    ]);
  });

  it('refuses a repeating learner not on the roster, or named twice', () => {
    const { problems } = decideYearEnd(open, ['a', 'zz', 'a']);
    expect(problems).toEqual([
      { field: 'repeating[1]', message: expect.stringMatching(/not on the school roster/) },
      { field: 'repeating[2]', message: 'is listed twice' },
    ]);
  });

  it('knows the next school year and which schools list graduation candidates', () => {
    expect(nextSchoolYear('2025-2026')).toBe('2026-2027');
    expect(teachesGraduationGrade([6, 7, 8, 9], 'lower-secondary')).toBe(true);
    expect(teachesGraduationGrade([6, 7, 8, 9], 'upper-secondary')).toBe(false);
  });
});

import { transferProblems } from './transfer-rules';

describe('transfer rules', () => {
  const student = { schoolId: 'a', grade: 7 };

  it('accepts a known school that teaches the grade', () => {
    expect(transferProblems(student, 'b', { levels: ['lower-secondary'] })).toEqual([]);
  });

  it('refuses the same school, an unknown school, or one that does not teach the grade', () => {
    expect(transferProblems(student, 'a', { levels: ['lower-secondary'] })).toHaveLength(1);
    expect(transferProblems(student, 'b', undefined)[0].message).toMatch(/not a school/);
    expect(transferProblems(student, 'b', { levels: ['primary'] })[0].message).toMatch(/grade 7/);
  });
});

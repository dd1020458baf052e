import { checkClassTermMarks, sameCells } from './class-term-marks';
import { secondaryRulesFor } from './term-marks';

const grade7 = secondaryRulesFor(7);
if (!grade7.ok) throw new Error('grade 7 is secondary');
const ctx = (subjectCode: string, learners: string[] = ['an', 'binh']) => ({
  rules: grade7.rules,
  grade: 7,
  subjectCode,
  learners: new Set(learners),
});

describe('checking one write of a class’s term marks (the form and the file import alike)', () => {
  it('gives the canonical cells of valid entries, blanks dropped', () => {
    expect(
      checkClassTermMarks(ctx('TOAN'), [
        { studentId: 'an', regular: ['7', '', '8,5'], midTerm: '8', endOfTerm: '10.0' },
        { studentId: 'binh', regular: [] },
      ]),
    ).toEqual({
      ok: true,
      marks: [
        { studentId: 'an', regular: ['7', '8.5'], midTerm: '8', endOfTerm: '10' },
        { studentId: 'binh', regular: [], midTerm: null, endOfTerm: null },
      ],
    });
  });

  it('names each entry’s problems: not in the class, named twice, bad cells', () => {
    const checked = checkClassTermMarks(ctx('TOAN'), [
      { studentId: 'chi', regular: ['8'] },
      { studentId: 'an', regular: ['11'] },
      { studentId: 'an', regular: ['8'], midTerm: 'Đ' },
    ]);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((p) => [p.index, p.problem.field, p.problem.code])).toEqual([
      [0, 'studentId', 'marks.learnerNotInClass'],
      [1, 'regular[0]', 'score.outOfRange'],
      [2, 'studentId', 'marks.duplicateLearner'],
      [2, 'midTerm', 'marks.commentOnScoredSubject'],
    ]);
  });

  it('says a subject problem once, for the whole write', () => {
    const checked = checkClassTermMarks(ctx('XYZ'), [
      { studentId: 'an', regular: ['8'] },
      { studentId: 'binh', regular: ['9'] },
    ]);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([
      { index: null, problem: expect.objectContaining({ field: 'subject' }) },
    ]);
  });

  it('tells cells that already say the same', () => {
    const a = { regular: ['8', '9'], midTerm: '7', endOfTerm: null };
    expect(sameCells(a, { ...a, regular: ['8', '9'] })).toBe(true);
    expect(sameCells(a, { ...a, regular: ['8'] })).toBe(false);
    expect(sameCells(a, { ...a, endOfTerm: '7' })).toBe(false);
  });
});

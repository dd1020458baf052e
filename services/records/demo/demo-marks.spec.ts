import { checkClassTermMarks } from '../src/gradebook/domain/class-term-marks';
import { parseScore } from '../src/gradebook/domain/score';
import { regularAssessmentsPerTerm } from '../src/gradebook/domain/level-rules';
import { secondaryRulesFor, storedTermResult } from '../src/gradebook/domain/term-marks';
import { ability, classConduct, classMarks, learnerConduct, subjectRule } from './demo-marks';

const learners = Array.from(
  { length: 600 },
  (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
);
const tenths = (s: string) => {
  const r = parseScore(s);
  if (!r.ok) throw new Error(`not a score: ${s}`);
  return r.value;
};

describe('demo marks', () => {
  it('are the same for the same seed, learner, subject and term; others for another seed', () => {
    const rule = subjectRule(7, 'TOAN')!;
    expect(classMarks(2025, learners, 7, rule, 1)).toEqual(classMarks(2025, learners, 7, rule, 1));
    expect(classMarks(2025, learners.slice(0, 3), 7, rule, 1)).toEqual(
      classMarks(2025, learners, 7, rule, 1).slice(0, 3),
    );
    expect(classMarks(2026, learners, 7, rule, 1)).not.toEqual(
      classMarks(2025, learners, 7, rule, 1),
    );
    expect(classMarks(2025, learners, 7, rule, 2)).not.toEqual(
      classMarks(2025, learners, 7, rule, 1),
    );
  });

  it('knows the gradebook subjects of grades 6-12 as the demo rosters name them, not primary', () => {
    for (const code of [
      'NV',
      'TOAN',
      'NN1',
      'KHTN',
      'LSDL',
      'GDCD',
      'CN',
      'TIN',
      'GDTC',
      'NT',
      'HDTN',
    ])
      expect(subjectRule(8, code)).toBeDefined();
    for (const code of [
      'NV',
      'TOAN',
      'NN1',
      'LS',
      'GDQPAN',
      'LY',
      'HOA',
      'SINH',
      'DL',
      'GDKTPL',
      'TIN',
      'GDTC',
      'HDTN',
    ])
      expect(subjectRule(11, code)).toBeDefined();
    expect(subjectRule(11, 'KHTN')).toBeUndefined();
    expect(subjectRule(3, 'TOAN')).toBeUndefined();
  });

  it('gives plausible scores: mostly 5.0-9.5, a few weak learners, the circular’s number of assessments', () => {
    const rule = subjectRule(10, 'TOAN')!;
    const marks = classMarks(2025, learners, 10, rule, 1);
    expect(marks.every((m) => m.regular.length === regularAssessmentsPerTerm(rule, 10))).toBe(true);
    const all = marks.flatMap((m) => [...m.regular, m.midTerm, m.endOfTerm]).map(tenths);
    expect(all.every((t) => t >= 0 && t <= 100 && t % 5 === 0)).toBe(true);
    const mean = all.reduce((a, b) => a + b, 0) / all.length / 10;
    expect(mean).toBeGreaterThan(6.3);
    expect(mean).toBeLessThan(7.8);
    const abilities = learners.map((s) => ability(2025, s));
    const weak = abilities.filter((a) => a < 5).length / learners.length;
    expect(weak).toBeGreaterThan(0.02);
    expect(weak).toBeLessThan(0.1);
    const middle = abilities.filter((a) => a >= 5 && a <= 9.5).length / learners.length;
    expect(middle).toBeGreaterThan(0.9);
  });

  it('marks commented subjects mostly Đ, a few CĐ', () => {
    const rule = subjectRule(6, 'GDTC')!;
    const cells = classMarks(2025, learners, 6, rule, 2).flatMap((m) => [
      ...m.regular,
      m.midTerm,
      m.endOfTerm,
    ]);
    expect(cells.every((c) => c === 'Đ' || c === 'CĐ')).toBe(true);
    const failed = cells.filter((c) => c === 'CĐ').length / cells.length;
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(0.06);
  });

  it('passes the gradebook’s own checks, complete (every learner has a term result)', () => {
    for (const [grade, code] of [
      [6, 'NV'],
      [9, 'GDCD'],
      [12, 'GDTC'],
      [11, 'LY'],
      [10, 'GDQPAN'],
    ] as const) {
      const found = secondaryRulesFor(grade);
      if (!found.ok) throw new Error('secondary');
      const ids = learners.slice(0, 40);
      const result = checkClassTermMarks(
        { rules: found.rules, grade, subjectCode: code, learners: new Set(ids) },
        classMarks(2025, ids, grade, subjectRule(grade, code)!, 1),
      );
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      for (const m of result.marks)
        expect(storedTermResult(found.rules, grade, code, m)).toBeDefined();
    }
  });

  it('gives conduct mostly Tốt, few Đạt or Chưa đạt, small absences, remarks within limits', () => {
    const conduct = classConduct(2025, learners, 1);
    const share = (level: string) =>
      conduct.filter((c) => c.conduct === level).length / conduct.length;
    expect(share('good')).toBeGreaterThan(0.55);
    expect(share('fair')).toBeGreaterThan(0.1);
    expect(share('pass') + share('fail')).toBeLessThan(0.15);
    expect(conduct.every((c) => c.absentSessions >= 0 && c.absentSessions <= 16)).toBe(true);
    expect(conduct.every((c) => (c.remarks ?? '').length <= 1000)).toBe(true);
    expect(conduct.filter((c) => c.remarks).length).toBeGreaterThan(0);
    expect(learnerConduct(2025, learners[5], 2)).toEqual(learnerConduct(2025, learners[5], 2));
  });
});

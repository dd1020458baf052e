import {
  Grade,
  LEVEL_RULES,
  levelOfGrade,
  LOWER_SECONDARY_RULES,
  PRIMARY_RULES,
  regularAssessmentsPerTerm,
  SecondarySubjectRule,
  UPPER_SECONDARY_RULES,
} from './level-rules';
import { MIN_SUBJECTS_AT_THRESHOLD } from './secondary';

const rule = (rules: { subjects: SecondarySubjectRule[] }, code: string) =>
  rules.subjects.find((s) => s.code === code)!;

describe('số ĐĐGtx per term, Thông tư 22 Điều 6', () => {
  it.each([
    // [code, grade, expected]  periods/year from the 2018 programme
    ['NV', 6, 4], // 140 > 70
    ['TOAN', 9, 4], // 140
    ['NN1', 7, 4], // 105
    ['LSDL', 8, 4], // 105
    ['KHTN', 6, 4], // 140
    ['GDCD', 6, 2], // 35
    ['TIN', 9, 2], // 35
    ['CN', 6, 2], // 35 in grades 6-7
    ['CN', 8, 3], // 52 in grades 8-9: over 35 up to 70
    ['GDTC', 6, 2], // commented: always 2
    ['HDTN', 9, 2], // commented, 105 periods: still 2
  ] as const)('THCS %s grade %i: %i', (code, grade, n) => {
    expect(regularAssessmentsPerTerm(rule(LOWER_SECONDARY_RULES, code), grade)).toBe(n);
  });

  it.each([
    ['NV', 4],
    ['TOAN', 4],
    ['NN1', 4],
    ['LS', 3], // 52
    ['GDQPAN', 2], // 35
    ['LY', 3], // electives 70
    ['TIN', 3],
    ['AN', 2], // commented elective
  ] as const)('THPT %s: %i', (code, n) => {
    expect(regularAssessmentsPerTerm(rule(UPPER_SECONDARY_RULES, code), 10)).toBe(n);
  });

  it('a chuyên đề cluster adds one regular assessment to its subject, and only where it exists', () => {
    expect(
      regularAssessmentsPerTerm(rule(UPPER_SECONDARY_RULES, 'LY'), 11, { withStudyTopics: true }),
    ).toBe(4);
    expect(
      regularAssessmentsPerTerm(rule(UPPER_SECONDARY_RULES, 'GDQPAN'), 11, {
        withStudyTopics: true,
      }),
    ).toBe(2);
  });

  it('undefined for a grade the subject is not taught in', () => {
    expect(regularAssessmentsPerTerm(rule(LOWER_SECONDARY_RULES, 'NV'), 10)).toBeUndefined();
  });
});

describe('the level configurations', () => {
  it('codes are unique within each level', () => {
    for (const rules of Object.values(LEVEL_RULES)) {
      const codes = rules.subjects.map((s) => s.code);
      expect(new Set(codes).size).toBe(codes.length);
    }
  });

  it('every subject is taught only in grades of its level', () => {
    for (const rules of Object.values(LEVEL_RULES))
      for (const s of rules.subjects)
        for (const g of Object.keys(s.periodsByGrade)) expect(rules.grades).toContain(Number(g));
  });

  it('THCS: the commented subjects are exactly those Thông tư 22 Điều 5 names', () => {
    const commented = LOWER_SECONDARY_RULES.subjects
      .filter((s) => s.mode === 'commented')
      .map((s) => s.code);
    expect(commented).toEqual(['GDTC', 'NT', 'HDTN', 'GDDP']);
  });

  it('every THCS grade has at least 6 scored compulsory subjects, so the "at least 6" rules can be met', () => {
    for (const g of LOWER_SECONDARY_RULES.grades) {
      const n = LOWER_SECONDARY_RULES.subjects.filter(
        (s) => s.category === 'compulsory' && s.mode === 'scored' && s.periodsByGrade[g],
      ).length;
      expect(n).toBe(8);
      expect(n).toBeGreaterThanOrEqual(MIN_SUBJECTS_AT_THRESHOLD);
    }
  });

  it('THPT: 5 scored compulsory subjects + 4 electives of which at most 2 commented ≥ 6 scored', () => {
    const compulsoryScored = UPPER_SECONDARY_RULES.subjects.filter(
      (s) => s.category === 'compulsory' && s.mode === 'scored',
    ).length;
    const commentedElectives = UPPER_SECONDARY_RULES.subjects.filter(
      (s) => s.category === 'elective' && s.mode === 'commented',
    ).length;
    expect(compulsoryScored).toBe(5);
    expect(
      compulsoryScored + UPPER_SECONDARY_RULES.electiveCount! - commentedElectives,
    ).toBeGreaterThanOrEqual(MIN_SUBJECTS_AT_THRESHOLD);
    expect(UPPER_SECONDARY_RULES.subjects.filter((s) => s.category === 'elective')).toHaveLength(9);
  });

  it('grades map to their school level', () => {
    const levels = ([1, 5, 6, 9, 10, 12] as Grade[]).map(levelOfGrade);
    expect(levels).toEqual([
      'primary',
      'primary',
      'lowerSecondary',
      'lowerSecondary',
      'upperSecondary',
      'upperSecondary',
    ]);
    expect(PRIMARY_RULES.testScoreMin).toBe(1);
  });
});

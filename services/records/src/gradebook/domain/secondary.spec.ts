import { tenths } from './score';
import {
  applyReassessment,
  commentedTermResult,
  commentedYearResult,
  conductYearLevel,
  learningLevel,
  learningLevelUnadjusted,
  promotionDecision,
  SecondaryLevel,
  subjectsToReassess,
  SubjectOutcome,
  termAverage,
  termAverageExact,
  yearAverage,
  yearAward,
} from './secondary';

/** Score from points: p(8.5) → 85 tenths (test shorthand). */
const p = (points: number) => tenths(Math.round(points * 10));
const marks = (regular: number[], midTerm: number, endOfTerm: number) => ({
  regular: regular.map(p),
  midTerm: p(midTerm),
  endOfTerm: p(endOfTerm),
});
const scored = (code: string, avg: number): SubjectOutcome => ({
  code,
  mode: 'scored',
  average: p(avg),
});
const commented = (code: string, pass = true): SubjectOutcome => ({
  code,
  mode: 'commented',
  result: pass ? 'pass' : 'fail',
});
/** A THCS learner: 8 scored subjects with the given averages, 4 commented ones all Đạt unless listed. */
const thcs = (avgs: number[], failedCommented: string[] = []): SubjectOutcome[] => [
  ...['NV', 'TOAN', 'NN1', 'GDCD', 'LSDL', 'KHTN', 'CN', 'TIN'].map((c, i) => scored(c, avgs[i])),
  ...['GDTC', 'NT', 'HDTN', 'GDDP'].map((c) => commented(c, !failedCommented.includes(c))),
];

describe('ĐTBmhk, Thông tư 22 Điều 9.1.b: (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (số ĐĐGtx + 5)', () => {
  it('(7 + 8 + 9 + 2·8 + 3·7.5) / (3 + 5) = 7.8125 → 7.8', () => {
    expect(termAverageExact(marks([7, 8, 9], 8, 7.5))).toEqual({ num: 625n, den: 8n });
    expect(termAverage(marks([7, 8, 9], 8, 7.5))).toBe(78);
  });

  it('the published calculator example [(6 + 8 + 7.5) + 5·2 + 10·3] / (3 + 5) = 7.6875 → 7.7', () => {
    expect(termAverage(marks([6, 8, 7.5], 5, 10))).toBe(77);
  });

  it('the 4.35 trap: (5 + 5 + 4.8 + 2·4 + 3·4) / 8 is exactly 4.35 and rounds half up to 4.4', () => {
    const float = (5 + 5 + 4.8 + 2 * 4 + 3 * 4) / 8;
    expect(float.toFixed(1)).toBe('4.3'); // what a float implementation would record
    expect(termAverage(marks([5, 5, 4.8], 4, 4))).toBe(44);
  });

  it('a 35-period subject (2 ĐĐGtx): (6 + 7 + 2·8 + 3·9) / 7 = 8.0', () => {
    expect(termAverage(marks([6, 7], 8, 9))).toBe(80);
  });

  it('a subject over 70 periods (4 ĐĐGtx): (8 + 9 + 7 + 10 + 2·8.5 + 3·9) / 9 = 8.67 → 8.7', () => {
    expect(termAverage(marks([8, 9, 7, 10], 8.5, 9))).toBe(87);
  });

  it('all tens give 10.0 and all zeros 0.0 (Điều 7: an unexcused missed test counts 0)', () => {
    expect(termAverage(marks([10, 10, 10, 10], 10, 10))).toBe(100);
    expect(termAverage(marks([0, 0], 0, 0))).toBe(0);
  });

  it('lands exactly on the 6.5 boundary without float drift: (6.5 + 6.5 + 6.5 + 2·6.5 + 3·6.5) / 8', () => {
    expect(termAverage(marks([6.5, 6.5, 6.5], 6.5, 6.5))).toBe(65);
  });
});

describe('ĐTBmcn, Thông tư 22 Điều 9.1.b: (ĐTBmhkI + 2·ĐTBmhkII) / 3 from the recorded term averages', () => {
  it('the published example (9 + 2·7.5) / 3 = 8.0', () => {
    expect(yearAverage(p(9), p(7.5))).toBe(80);
  });

  it('(6.4 + 2·6.5) / 3 = 6.467 → 6.5', () => {
    expect(yearAverage(p(6.4), p(6.5))).toBe(65);
  });

  it('(7.3 + 2·7.4) / 3 = 7.367 → 7.4 and (8 + 2·4.9) / 3 = 5.933 → 5.9', () => {
    expect(yearAverage(p(7.3), p(7.4))).toBe(74);
    expect(yearAverage(p(8), p(4.9))).toBe(59);
  });

  it('chains from marks: term I (7 + 7 + 7.6 + 2·6 + 3·6) / 8 = 6.45 → 6.5, year (6.5 + 2·6.4) / 3 → 6.4', () => {
    const termI = termAverage(marks([7, 7, 7.6], 6, 6));
    expect(termI).toBe(65);
    expect(yearAverage(termI, p(6.4))).toBe(64); // 19.3 / 3 = 6.433
  });

  it('a subject taught in one term only takes that term as its year', () => {
    expect(yearAverage(undefined, p(7.5))).toBe(75);
    expect(yearAverage(p(6.1), undefined)).toBe(61);
    expect(() => yearAverage(undefined, undefined)).toThrow(RangeError);
  });
});

describe('commented subjects, Thông tư 22 Điều 9.1.a', () => {
  const all = (r: 'pass' | 'fail') => ({ regular: [r, r] as const, midTerm: r, endOfTerm: r });

  it('term Đạt: every required assessment present and every one Đạt', () => {
    expect(commentedTermResult({ ...all('pass'), regular: ['pass', 'pass'] }, 2)).toBe('pass');
  });

  it('term Chưa đạt: any single Chưa đạt, mid-term or end-of-term included', () => {
    expect(
      commentedTermResult({ regular: ['pass', 'fail'], midTerm: 'pass', endOfTerm: 'pass' }, 2),
    ).toBe('fail');
    expect(
      commentedTermResult({ regular: ['pass', 'pass'], midTerm: 'fail', endOfTerm: 'pass' }, 2),
    ).toBe('fail');
    expect(
      commentedTermResult({ regular: ['pass', 'pass'], midTerm: 'pass', endOfTerm: 'fail' }, 2),
    ).toBe('fail');
  });

  it('term Chưa đạt: not enough assessments (no make-up taken, Điều 7)', () => {
    expect(commentedTermResult({ regular: ['pass'], midTerm: 'pass', endOfTerm: 'pass' }, 2)).toBe(
      'fail',
    );
    expect(
      commentedTermResult({ regular: ['pass', 'pass'], midTerm: undefined, endOfTerm: 'pass' }, 2),
    ).toBe('fail');
    expect(
      commentedTermResult({ regular: ['pass', 'pass'], midTerm: 'pass', endOfTerm: undefined }, 2),
    ).toBe('fail');
  });

  it('not the old Thông tư 58 "2/3 Đạt" rule: 2 of 3 regular Đạt is Chưa đạt', () => {
    expect(
      commentedTermResult(
        { regular: ['pass', 'pass', 'fail'], midTerm: 'pass', endOfTerm: 'pass' },
        3,
      ),
    ).toBe('fail');
  });

  it('year result is the term II result', () => {
    expect(commentedYearResult('fail', 'pass')).toBe('pass');
    expect(commentedYearResult('pass', 'fail')).toBe('fail');
    expect(commentedYearResult('pass', undefined)).toBe('pass');
    expect(() => commentedYearResult(undefined, undefined)).toThrow(RangeError);
  });
});

describe('kết quả học tập, Thông tư 22 Điều 9.2', () => {
  const level = (o: SubjectOutcome[]) => learningLevel(o).level;

  describe('Tốt', () => {
    it('all commented Đạt, all scored ≥ 6.5, exactly 6 at exactly 8.0', () => {
      expect(level(thcs([8, 8, 8, 8, 8, 8, 6.5, 6.5]))).toBe('good');
    });
    it('only 5 scored ≥ 8.0 is Khá (the "at least 6" count)', () => {
      expect(level(thcs([8, 8, 8, 8, 8, 7.9, 9, 6.5]))).toBe('good');
      expect(level(thcs([8, 8, 8, 8, 7.9, 7.9, 9, 6.5]))).toBe('fair');
    });
    it('one scored at 6.4 is Khá (one level down, no adjustment)', () => {
      const r = learningLevel(thcs([9, 9, 9, 9, 9, 9, 9, 6.4]));
      expect(r).toEqual({ level: 'fair', unadjusted: 'fair' });
    });
  });

  describe('Khá', () => {
    it('all commented Đạt, all scored ≥ 5.0 (one at exactly 5.0), exactly 6 at exactly 6.5', () => {
      expect(level(thcs([6.5, 6.5, 6.5, 6.5, 6.5, 6.5, 5, 5]))).toBe('fair');
    });
    it('only 5 scored ≥ 6.5 is Đạt', () => {
      expect(level(thcs([6.5, 6.5, 6.5, 6.5, 6.5, 6.4, 5, 5]))).toBe('pass');
    });
    it('one scored at 4.9 is Đạt', () => {
      expect(level(thcs([7, 7, 7, 7, 7, 7, 7, 4.9]))).toBe('pass');
    });
  });

  describe('Đạt', () => {
    it('exactly 6 scored at exactly 5.0 and the rest at exactly 3.5', () => {
      expect(level(thcs([5, 5, 5, 5, 5, 5, 3.5, 3.5]))).toBe('pass');
    });
    it('one scored at 3.4 is Chưa đạt', () => {
      expect(level(thcs([5, 5, 5, 5, 5, 5, 3.5, 3.4]))).toBe('fail');
    });
    it('only 5 scored ≥ 5.0 is Chưa đạt', () => {
      expect(level(thcs([5, 5, 5, 5, 5, 4.9, 4, 4]))).toBe('fail');
    });
    it('one commented subject Chưa đạt still allows Đạt, two do not', () => {
      expect(level(thcs([6, 6, 6, 6, 6, 6, 6, 6], ['GDTC']))).toBe('pass');
      expect(level(thcs([6, 6, 6, 6, 6, 6, 6, 6], ['GDTC', 'NT']))).toBe('fail');
    });
    it('a commented Chưa đạt bars Tốt and Khá whatever the scores', () => {
      expect(learningLevelUnadjusted(thcs([10, 10, 10, 10, 10, 10, 10, 10], ['HDTN']))).toBe(
        'pass',
      );
    });
  });

  it('the thresholds are inclusive and exact: 7.9 never counts as 8.0', () => {
    expect(level(thcs([7.9, 7.9, 7.9, 7.9, 7.9, 7.9, 7.9, 7.9]))).toBe('fair');
    expect(level(thcs([8, 8, 8, 8, 8, 8, 8, 8]))).toBe('good');
  });
});

describe('điều chỉnh mức, Thông tư 22 Điều 9.3: down two levels or more because of one subject only', () => {
  it('Tốt but one scored subject at 3.4 (Chưa đạt) → raised to Khá', () => {
    expect(learningLevel(thcs([9, 9, 9, 9, 9, 9, 9, 3.4]))).toEqual({
      level: 'fair',
      unadjusted: 'fail',
      adjustedBecauseOf: 'TIN',
    });
  });

  it('Tốt but one scored subject at 4.0 (Đạt) → raised to Khá', () => {
    expect(learningLevel(thcs([9, 9, 9, 9, 9, 9, 9, 4]))).toMatchObject({
      level: 'fair',
      unadjusted: 'pass',
    });
  });

  it('Tốt but one commented subject Chưa đạt (Đạt) → raised to Khá', () => {
    expect(learningLevel(thcs([9, 9, 9, 9, 9, 9, 9, 9], ['NT']))).toEqual({
      level: 'fair',
      unadjusted: 'pass',
      adjustedBecauseOf: 'NT',
    });
  });

  it('Khá but one scored subject at 3.0 (Chưa đạt) → raised to Đạt', () => {
    expect(learningLevel(thcs([7, 7, 7, 7, 7, 7, 7, 3]))).toMatchObject({
      level: 'pass',
      unadjusted: 'fail',
    });
  });

  it('Tốt but the sixth 8.0 is the subject at 3.0: that one subject explains both, → Khá', () => {
    expect(learningLevel(thcs([9, 9, 9, 9, 9, 7, 7, 3]))).toMatchObject({
      level: 'fair',
      adjustedBecauseOf: 'TIN',
    });
  });

  it('no adjustment when two subjects pull the level down', () => {
    expect(learningLevel(thcs([9, 9, 9, 9, 9, 9, 3.4, 3.4]))).toEqual({
      level: 'fail',
      unadjusted: 'fail',
    });
    expect(learningLevel(thcs([9, 9, 9, 9, 9, 9, 9, 4], ['NT']))).toEqual({
      level: 'pass',
      unadjusted: 'pass',
    });
  });

  it('no adjustment for a one-level drop (Tốt → Khá because of one 6.0)', () => {
    expect(learningLevel(thcs([9, 9, 9, 9, 9, 9, 9, 6]))).toEqual({
      level: 'fair',
      unadjusted: 'fair',
    });
  });

  it('no adjustment for a learner far from Khá (Đạt → Chưa đạt because of one 3.0)', () => {
    expect(learningLevel(thcs([5, 5, 5, 5, 5, 5, 5, 3]))).toEqual({
      level: 'fail',
      unadjusted: 'fail',
    });
  });
});

describe('kết quả rèn luyện cả năm, Thông tư 22 Điều 8.3 (term I × term II, all 16 cases)', () => {
  const cases: [SecondaryLevel, SecondaryLevel, SecondaryLevel][] = [
    // [term I, term II, year]
    ['good', 'good', 'good'],
    ['fair', 'good', 'good'],
    ['pass', 'good', 'fair'],
    ['fail', 'good', 'fair'],
    ['good', 'fair', 'fair'],
    ['fair', 'fair', 'fair'],
    ['pass', 'fair', 'fair'],
    ['fail', 'fair', 'pass'],
    ['good', 'pass', 'fair'],
    ['fair', 'pass', 'pass'],
    ['pass', 'pass', 'pass'],
    ['fail', 'pass', 'pass'],
    ['good', 'fail', 'fail'],
    ['fair', 'fail', 'fail'],
    ['pass', 'fail', 'fail'],
    ['fail', 'fail', 'fail'],
  ];
  it.each(cases)('term I %s, term II %s → year %s', (i, ii, year) => {
    expect(conductYearLevel(i, ii)).toBe(year);
  });
});

describe('lên lớp, Thông tư 22 Điều 12-14', () => {
  const ok = { yearConduct: 'pass', yearLearning: 'pass', absentSessions: 0 } as const;

  it('conduct and learning at least Đạt with at most 45 absent sessions: promoted', () => {
    expect(promotionDecision(ok)).toEqual({ outcome: 'promoted' });
    expect(promotionDecision({ ...ok, absentSessions: 45 })).toEqual({ outcome: 'promoted' });
  });

  it('46 absent sessions: retained whatever the results', () => {
    expect(
      promotionDecision({ yearConduct: 'good', yearLearning: 'good', absentSessions: 46 }),
    ).toEqual({ outcome: 'retained', reason: 'absences' });
  });

  it('conduct Chưa đạt: summer conduct training, then promoted or retained on its result', () => {
    expect(promotionDecision({ ...ok, yearConduct: 'fail' })).toEqual({
      outcome: 'pending',
      next: 'summerConductTraining',
    });
    expect(promotionDecision({ ...ok, yearConduct: 'fail', conductAfterSummer: 'pass' })).toEqual({
      outcome: 'promoted',
    });
    expect(promotionDecision({ ...ok, yearConduct: 'fail', conductAfterSummer: 'fail' })).toEqual({
      outcome: 'retained',
      reason: 'conduct',
    });
  });

  it('learning Chưa đạt: re-assessment, then promoted or retained on the recomputed level', () => {
    expect(promotionDecision({ ...ok, yearLearning: 'fail' })).toEqual({
      outcome: 'pending',
      next: 'reassessment',
    });
    expect(
      promotionDecision({ ...ok, yearLearning: 'fail', learningAfterReassessment: 'pass' }),
    ).toEqual({
      outcome: 'promoted',
    });
    expect(
      promotionDecision({ ...ok, yearLearning: 'fail', learningAfterReassessment: 'fail' }),
    ).toEqual({
      outcome: 'retained',
      reason: 'learning',
    });
  });

  it('both Chưa đạt: conduct training comes first, re-assessment only once conduct is Đạt', () => {
    const both = { ...ok, yearConduct: 'fail', yearLearning: 'fail' } as const;
    expect(promotionDecision(both)).toEqual({ outcome: 'pending', next: 'summerConductTraining' });
    expect(promotionDecision({ ...both, conductAfterSummer: 'pass' })).toEqual({
      outcome: 'pending',
      next: 'reassessment',
    });
    expect(promotionDecision({ ...both, conductAfterSummer: 'fail' })).toEqual({
      outcome: 'retained',
      reason: 'conduct',
    });
  });

  it('re-assesses commented Chưa đạt and scored ĐTBmcn below 5.0 (5.0 itself is not re-assessed)', () => {
    const year = thcs([5, 4.9, 3, 8, 8, 8, 8, 8], ['GDTC']);
    expect(subjectsToReassess(year)).toEqual(['TOAN', 'NN1', 'GDTC']);
  });

  it('the re-assessment results replace the year results and the level is computed again', () => {
    const year = thcs([5, 3, 3, 5, 5, 5, 5, 3.2]);
    expect(learningLevel(year).level).toBe('fail');
    const retaken = applyReassessment(year, { NN1: p(5), TOAN: p(6), TIN: p(4) });
    expect(learningLevel(retaken).level).toBe('pass');
    expect(() => applyReassessment(year, { GDTC: p(5) })).toThrow(TypeError);
  });
});

describe('khen thưởng, Thông tư 22 Điều 15', () => {
  const six9 = thcs([9, 9, 9, 9, 9, 9, 8, 8]);
  it('Học sinh Xuất sắc: conduct Tốt, learning Tốt, at least 6 scored at ≥ 9.0', () => {
    expect(yearAward('good', 'good', six9)).toBe('excellentStudent');
  });
  it('Học sinh Giỏi: conduct Tốt and learning Tốt with only 5 at 9.0', () => {
    expect(yearAward('good', 'good', thcs([9, 9, 9, 9, 9, 8.9, 8, 8]))).toBe('goodStudent');
  });
  it('nothing without conduct Tốt or learning Tốt', () => {
    expect(yearAward('fair', 'good', six9)).toBeUndefined();
    expect(yearAward('good', 'fair', six9)).toBeUndefined();
  });
});

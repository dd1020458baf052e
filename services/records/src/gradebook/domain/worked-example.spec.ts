/**
 * One grade 8 learner's whole year, from the cells a teacher types to promotion and award,
 * through the same functions a gradebook calls. Every average is worked by hand in the comments.
 */
import { LOWER_SECONDARY_RULES, regularAssessmentsPerTerm } from './level-rules';
import { formatScoreVi, Tenths } from './score';
import {
  conductYearLevel,
  learningLevel,
  PassFail,
  promotionDecision,
  SubjectOutcome,
  commentedYearResult,
  yearAverage,
  yearAward,
} from './secondary';
import { RawTermMarks, termResultOf, validateSecondaryTermMarks } from './validate';

const D = { regular: ['Đ', 'Đ'], midTerm: 'Đ', endOfTerm: 'Đ' };
const raw = (regular: string[], midTerm: string, endOfTerm: string): RawTermMarks => ({
  regular,
  midTerm,
  endOfTerm,
});

const termI: Record<string, RawTermMarks> = {
  NV: raw(['7', '8', '8,5', '9'], '8', '8,5'), // (32.5 + 16 + 25.5) / 9 = 8.22 → 8.2
  TOAN: raw(['9', '9', '10', '8'], '9', '9,5'), // (36 + 18 + 28.5) / 9 = 9.17 → 9.2
  NN1: raw(['8', '8', '8', '8'], '8', '8'), // 8.0
  GDCD: raw(['9', '9'], '8', '9'), // (18 + 16 + 27) / 7 = 8.71 → 8.7
  LSDL: raw(['7', '7', '7', '7'], '7', '7'), // 7.0
  KHTN: raw(['8', '8', '9', '9'], '8', '8'), // (34 + 16 + 24) / 9 = 8.22 → 8.2
  CN: raw(['6', '7', '6.5'], '6.5', '6'), // (19.5 + 13 + 18) / 8 = 6.31 → 6.3
  TIN: raw(['8', '9'], '9', '8'), // (17 + 18 + 24) / 7 = 8.43 → 8.4
  GDTC: D,
  NT: D,
  HDTN: D,
  GDDP: D,
};
const termII: Record<string, RawTermMarks> = {
  NV: raw(['8', '8', '9', '9'], '8.5', '9'), // (34 + 17 + 27) / 9 = 8.67 → 8.7
  TOAN: raw(['9', '10', '10', '9'], '9.5', '9'), // (38 + 19 + 27) / 9 = 9.33 → 9.3
  NN1: raw(['8', '8.5', '8', '8'], '8.5', '8'), // (32.5 + 17 + 24) / 9 = 8.17 → 8.2
  GDCD: raw(['9', '10'], '9', '9'), // (19 + 18 + 27) / 7 = 9.14 → 9.1
  LSDL: raw(['8', '7', '8', '7'], '7.5', '7.5'), // (30 + 15 + 22.5) / 9 = 7.5
  KHTN: raw(['9', '9', '8', '9'], '8.5', '9'), // (35 + 17 + 27) / 9 = 8.78 → 8.8
  CN: raw(['7', '7', '7'], '7', '7'), // 7.0
  TIN: raw(['9', '9'], '9', '10'), // (18 + 18 + 30) / 7 = 9.43 → 9.4
  GDTC: D,
  NT: D,
  HDTN: D,
  GDDP: D,
};

/** Validates a term's cells and returns each subject's term result (ĐTBmhk or Đạt/Chưa đạt). */
function closeTerm(marks: Record<string, RawTermMarks>): Record<string, Tenths | PassFail> {
  return Object.fromEntries(
    Object.entries(marks).map(([code, cells]) => {
      const r = validateSecondaryTermMarks(LOWER_SECONDARY_RULES, 8, code, cells, {
        complete: true,
      });
      if (!r.ok) throw new Error(`${code}: ${JSON.stringify(r.problems)}`);
      const subject = LOWER_SECONDARY_RULES.subjects.find((s) => s.code === code)!;
      return [code, termResultOf(r.value, regularAssessmentsPerTerm(subject, 8)!)!];
    }),
  );
}
const outcomes = (results: Record<string, Tenths | PassFail>): SubjectOutcome[] =>
  Object.entries(results).map(([code, r]) =>
    typeof r === 'number'
      ? { code, mode: 'scored', average: r }
      : { code, mode: 'commented', result: r },
  );
const printed = (results: Record<string, Tenths | PassFail>) =>
  Object.fromEntries(
    Object.entries(results).map(([c, r]) => [c, typeof r === 'number' ? formatScoreVi(r) : r]),
  );

describe('a grade 8 learner through the year (Thông tư 22 Điều 6-9, 8, 12, 15)', () => {
  const I = closeTerm(termI);
  const II = closeTerm(termII);

  it('term I: ĐTBmhk per subject; Công nghệ at 6.3 keeps the term at Khá', () => {
    expect(printed(I)).toEqual({
      NV: '8,2',
      TOAN: '9,2',
      NN1: '8,0',
      GDCD: '8,7',
      LSDL: '7,0',
      KHTN: '8,2',
      CN: '6,3',
      TIN: '8,4',
      GDTC: 'pass',
      NT: 'pass',
      HDTN: 'pass',
      GDDP: 'pass',
    });
    expect(learningLevel(outcomes(I))).toEqual({ level: 'fair', unadjusted: 'fair' });
  });

  it('term II: all ≥ 6.5 and exactly 6 at ≥ 8.0: Tốt', () => {
    expect(printed(II)).toMatchObject({
      NV: '8,7',
      TOAN: '9,3',
      NN1: '8,2',
      GDCD: '9,1',
      LSDL: '7,5',
      KHTN: '8,8',
      CN: '7,0',
      TIN: '9,4',
    });
    expect(learningLevel(outcomes(II)).level).toBe('good');
  });

  it('year: ĐTBmcn from the term averages, learning Tốt, conduct Tốt, promoted, Học sinh Giỏi', () => {
    const year = Object.fromEntries(
      Object.keys(I).map((code) => {
        const a = I[code];
        const b = II[code];
        return [
          code,
          typeof a === 'number' && typeof b === 'number'
            ? yearAverage(a, b)
            : commentedYearResult(a as PassFail, b as PassFail),
        ];
      }),
    );
    // NV (8.2 + 17.4) / 3 = 8.53; TOAN 27.8 / 3 = 9.27; NN1 24.4 / 3 = 8.13; GDCD 26.9 / 3 = 8.97;
    // LSDL 22 / 3 = 7.33; KHTN 25.8 / 3 = 8.6; CN 20.3 / 3 = 6.77; TIN 27.2 / 3 = 9.07.
    expect(printed(year)).toMatchObject({
      NV: '8,5',
      TOAN: '9,3',
      NN1: '8,1',
      GDCD: '9,0',
      LSDL: '7,3',
      KHTN: '8,6',
      CN: '6,8',
      TIN: '9,1',
    });
    const yearLearning = learningLevel(outcomes(year)).level;
    expect(yearLearning).toBe('good');
    const yearConduct = conductYearLevel('fair', 'good'); // homeroom teacher: Khá then Tốt
    expect(yearConduct).toBe('good');
    expect(promotionDecision({ yearConduct, yearLearning, absentSessions: 3 })).toEqual({
      outcome: 'promoted',
    });
    // Only 3 subjects at ≥ 9.0 (TOAN, GDCD, TIN): Học sinh Giỏi, not Xuất sắc.
    expect(yearAward(yearConduct, yearLearning, outcomes(year))).toBe('goodStudent');
  });
});

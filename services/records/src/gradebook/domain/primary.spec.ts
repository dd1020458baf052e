import { findSubject, Grade, PRIMARY_RULES } from './level-rules';
import {
  completesGrade,
  GENERAL_COMPETENCIES,
  hasPeriodicTest,
  parseQualityLevel,
  parseSubjectLevel,
  parseTestScore,
  primaryAward,
  primaryYearEvaluation,
  PrimaryYearInput,
  QualityLevel,
  QUALITIES,
  SPECIFIC_COMPETENCIES,
  SubjectLevel,
  YEAR_EVALUATION_VI,
} from './primary';

const subjectsOf = (grade: Grade) =>
  PRIMARY_RULES.subjects.filter(
    (s) => s.category === 'compulsory' && s.periodsByGrade[grade] !== undefined,
  );
const ALL_QUALITIES = [...QUALITIES, ...GENERAL_COMPETENCIES, ...SPECIFIC_COMPETENCIES];

/** A grade 5 learner with every subject, quality and test at the given levels/marks. */
function grade5(
  subject: SubjectLevel,
  quality: QualityLevel,
  test: number,
  overrides: Partial<{
    subjects: Record<string, SubjectLevel>;
    qualities: Record<string, QualityLevel>;
    tests: Record<string, number>;
  }> = {},
): PrimaryYearInput {
  const subjects = subjectsOf(5);
  return {
    subjects: {
      ...Object.fromEntries(subjects.map((s) => [s.code, subject])),
      ...overrides.subjects,
    },
    qualities: {
      ...Object.fromEntries(ALL_QUALITIES.map((q) => [q, quality])),
      ...overrides.qualities,
    },
    endOfYearTests: {
      ...Object.fromEntries(
        subjects.filter((s) => hasPeriodicTest(s, 5, 'endOfYear')).map((s) => [s.code, test]),
      ),
      ...overrides.tests,
    },
  };
}

describe('periodic tests, Thông tư 27 Điều 7.1.b', () => {
  const tested = (grade: Grade, checkpoint: 'endOfYear' | 'midTermI') =>
    subjectsOf(grade)
      .filter((s) => hasPeriodicTest(s, grade, checkpoint))
      .map((s) => s.code);

  it('grades 1-2: end-of-term tests in Tiếng Việt and Toán only, no mid-term test', () => {
    expect(tested(1, 'endOfYear')).toEqual(['TV', 'TOAN']);
    expect(tested(2, 'endOfYear')).toEqual(['TV', 'TOAN']);
    expect(tested(2, 'midTermI')).toEqual([]);
  });

  it('grade 3 adds Ngoại ngữ 1 and Tin học và Công nghệ', () => {
    expect(tested(3, 'endOfYear')).toEqual(['TV', 'TOAN', 'NN1', 'THCN']);
    expect(tested(3, 'midTermI')).toEqual([]);
  });

  it('grades 4-5 add Lịch sử và Địa lí and Khoa học, and mid-term tests in Tiếng Việt and Toán', () => {
    for (const g of [4, 5] as const) {
      expect(tested(g, 'endOfYear').sort()).toEqual(['KH', 'LSDL', 'NN1', 'THCN', 'TOAN', 'TV']);
      expect(tested(g, 'midTermI')).toEqual(['TV', 'TOAN']);
    }
  });

  it('marks are whole numbers 1-10: "không cho điểm thập phân"', () => {
    const read = (raw: string) => {
      const r = parseTestScore(raw, 'm');
      return r.ok ? r.value : r.problems[0].code;
    };
    expect(read('10')).toBe(10);
    expect(read('1')).toBe(1);
    expect(read(' 7 ')).toBe(7);
    expect(read('9.0')).toBe(9);
    expect(read('8,5')).toBe('score.decimalNotAllowed');
    expect(read('8.5')).toBe('score.decimalNotAllowed');
    expect(read('0')).toBe('score.outOfRange');
    expect(read('11')).toBe('score.outOfRange');
    expect(read('-3')).toBe('score.outOfRange');
    expect(read('')).toBe('score.empty');
    expect(read('T')).toBe('score.format');
  });
});

describe('đánh giá kết quả giáo dục cuối năm, Thông tư 27 Điều 9.2', () => {
  it('Hoàn thành xuất sắc: all subjects Hoàn thành tốt, all qualities/competencies Tốt, all tests ≥ 9', () => {
    expect(primaryYearEvaluation(grade5('completedWell', 'good', 9))).toBe('excellent');
  });

  it('a single test at 8 (all else excellent) is Hoàn thành tốt (the published 8-in-Toán answer)', () => {
    expect(primaryYearEvaluation(grade5('completedWell', 'good', 10, { tests: { TOAN: 8 } }))).toBe(
      'good',
    );
  });

  it('Hoàn thành tốt needs every test ≥ 7: one at 6 is Hoàn thành', () => {
    expect(primaryYearEvaluation(grade5('completedWell', 'good', 7))).toBe('good');
    expect(primaryYearEvaluation(grade5('completedWell', 'good', 9, { tests: { KH: 6 } }))).toBe(
      'completed',
    );
  });

  it('one subject Hoàn thành (Âm nhạc case) rules out Hoàn thành xuất sắc and tốt', () => {
    expect(
      primaryYearEvaluation(grade5('completedWell', 'good', 10, { subjects: { NT: 'completed' } })),
    ).toBe('completed');
  });

  it('one quality Đạt rules out Hoàn thành xuất sắc and tốt', () => {
    expect(
      primaryYearEvaluation(
        grade5('completedWell', 'good', 10, { qualities: { trungThuc: 'pass' } }),
      ),
    ).toBe('completed');
  });

  it('Hoàn thành: all subjects at least Hoàn thành, qualities at least Đạt, tests ≥ 5 (boundary 5)', () => {
    expect(primaryYearEvaluation(grade5('completed', 'pass', 5))).toBe('completed');
  });

  it('Chưa hoàn thành: a subject Chưa hoàn thành, a quality Cần cố gắng or a test at 4', () => {
    expect(
      primaryYearEvaluation(grade5('completed', 'pass', 5, { subjects: { TOAN: 'notCompleted' } })),
    ).toBe('notCompleted');
    expect(
      primaryYearEvaluation(
        grade5('completed', 'pass', 5, { qualities: { chamChi: 'needsEffort' } }),
      ),
    ).toBe('notCompleted');
    expect(primaryYearEvaluation(grade5('completedWell', 'good', 9, { tests: { TV: 4 } }))).toBe(
      'notCompleted',
    );
  });

  it('grade 1 with only Tiếng Việt and Toán tested', () => {
    const input: PrimaryYearInput = {
      subjects: Object.fromEntries(subjectsOf(1).map((s) => [s.code, 'completedWell'])),
      qualities: Object.fromEntries(ALL_QUALITIES.map((q) => [q, 'good'])),
      endOfYearTests: { TV: 10, TOAN: 9 },
    };
    expect(primaryYearEvaluation(input)).toBe('excellent');
  });

  it('completes the grade unless Chưa hoàn thành, and names levels in Vietnamese', () => {
    expect(completesGrade('completed')).toBe(true);
    expect(completesGrade('notCompleted')).toBe(false);
    expect(YEAR_EVALUATION_VI.excellent).toBe('Hoàn thành xuất sắc');
  });
});

describe('khen thưởng, Thông tư 27', () => {
  it('Học sinh Xuất sắc for Hoàn thành xuất sắc; Học sinh Tiêu biểu only when nominated', () => {
    expect(primaryAward('excellent', false)).toBe('excellentStudent');
    expect(primaryAward('good', true)).toBe('exemplaryStudent');
    expect(primaryAward('good', false)).toBeUndefined();
    expect(primaryAward('completed', true)).toBeUndefined();
  });
});

describe('qualities and competencies, Thông tư 27 Điều 3', () => {
  it('five qualities, three general and seven specific competencies', () => {
    expect(QUALITIES).toHaveLength(5);
    expect(GENERAL_COMPETENCIES).toHaveLength(3);
    expect(SPECIFIC_COMPETENCIES).toHaveLength(7);
    expect(findSubject(PRIMARY_RULES, 'TV')?.name).toBe('Tiếng Việt');
  });
});

describe('reading levels as teachers write them', () => {
  it.each([
    ['T', 'completedWell'],
    ['h', 'completed'],
    ['C', 'notCompleted'],
    ['Hoàn thành tốt', 'completedWell'],
    ['chưa  hoàn thành', 'notCompleted'],
  ])('subject level %p → %p', (raw, v) =>
    expect(parseSubjectLevel(raw)).toEqual({ ok: true, value: v }),
  );

  it.each([
    ['T', 'good'],
    ['Đ', 'pass'],
    ['D', 'pass'],
    ['Cần cố gắng', 'needsEffort'],
    ['c', 'needsEffort'],
  ])('quality level %p → %p', (raw, v) =>
    expect(parseQualityLevel(raw)).toEqual({ ok: true, value: v }),
  );

  it('rejects levels of the other scale', () => {
    expect(parseSubjectLevel('Đ', 'f')).toMatchObject({
      ok: false,
      problems: [{ field: 'f', code: 'comment.format' }],
    });
    expect(parseQualityLevel('H').ok).toBe(false);
  });
});

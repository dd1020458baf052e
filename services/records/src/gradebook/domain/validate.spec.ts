import { LOWER_SECONDARY_RULES, PRIMARY_RULES, UPPER_SECONDARY_RULES } from './level-rules';
import {
  GENERAL_COMPETENCIES,
  PrimaryYearInput,
  QUALITIES,
  SPECIFIC_COMPETENCIES,
} from './primary';
import { Problem } from './problems';
import {
  parseComment,
  RawTermMarks,
  termResultOf,
  TermMarksOptions,
  validateClassSubjects,
  validatePrimaryTestMark,
  validatePrimaryYearInput,
  validateSecondaryTermMarks,
} from './validate';

const codes = (ps: Problem[]) => ps.map((p) => `${p.field}:${p.code}`);
const check = (
  subject: string,
  raw: RawTermMarks,
  opts?: TermMarksOptions,
  grade: 6 | 8 | 10 = 6,
) =>
  validateSecondaryTermMarks(
    grade === 10 ? UPPER_SECONDARY_RULES : LOWER_SECONDARY_RULES,
    grade,
    subject,
    raw,
    opts,
  );
const problemsOf = (r: ReturnType<typeof check>) => (r.ok ? [] : codes(r.problems));

describe('parseComment', () => {
  it.each([
    ['Đ', 'pass'],
    ['đạt', 'pass'],
    ['ĐẠT', 'pass'],
    ['D', 'pass'],
    ['CĐ', 'fail'],
    ['Chưa  đạt', 'fail'],
    ['cd', 'fail'],
    ['Đạt'.normalize('NFD'), 'pass'], // decomposed, as macOS input sends it
  ])('%p → %p', (raw, v) => expect(parseComment(raw)).toEqual({ ok: true, value: v }));

  it('rejects anything else', () => {
    expect(parseComment('Tốt', 'x')).toMatchObject({
      ok: false,
      problems: [{ field: 'x', code: 'comment.format' }],
    });
  });
});

describe('validateSecondaryTermMarks (Thông tư 22 Điều 5-7)', () => {
  it('accepts a complete scored record and computes its ĐTBmhk', () => {
    const r = check(
      'TOAN',
      { regular: ['7', '8', '9', '8,5'], midTerm: '8', endOfTerm: '7.5' },
      { complete: true },
    );
    expect(r).toEqual({
      ok: true,
      value: { mode: 'scored', regular: [70, 80, 90, 85], midTerm: 80, endOfTerm: 75 },
    });
    if (r.ok) expect(termResultOf(r.value, 4)).toBe(79); // (32.5 + 16 + 22.5) / 9 = 7.89
  });

  it('accepts a complete commented record and computes its term result', () => {
    const r = check(
      'GDTC',
      { regular: ['Đ', 'Đ'], midTerm: 'Đ', endOfTerm: 'CĐ' },
      { complete: true },
    );
    expect(r.ok && r.value.mode).toBe('commented');
    if (r.ok) expect(termResultOf(r.value, 2)).toBe('fail');
  });

  it('reports too many regular assessments: a 35-period subject (GDCD) allows 2', () => {
    expect(problemsOf(check('GDCD', { regular: ['7', '8', '9'] }))).toEqual([
      'regular:marks.tooManyRegular',
    ]);
  });

  it('reports too few regular assessments and missing periodic ones only when closing the term', () => {
    const raw = { regular: ['7', '', '8'] };
    expect(problemsOf(check('TOAN', raw))).toEqual([]);
    expect(problemsOf(check('TOAN', raw, { complete: true }))).toEqual([
      'regular:marks.tooFewRegular',
      'midTerm:marks.missingMidTerm',
      'endOfTerm:marks.missingEndOfTerm',
    ]);
  });

  it('blank cells are not assessments; problems keep the cell index', () => {
    expect(problemsOf(check('TOAN', { regular: ['', '8.55', '', '11'] }))).toEqual([
      'regular[1]:score.tooManyDecimals',
      'regular[3]:score.outOfRange',
    ]);
  });

  it('rejects a score on a commented subject and a comment on a scored one', () => {
    expect(problemsOf(check('GDTC', { regular: ['8', 'Đ'], midTerm: '7,5' }))).toEqual([
      'regular[0]:marks.scoreOnCommentedSubject',
      'midTerm:marks.scoreOnCommentedSubject',
    ]);
    expect(problemsOf(check('NV', { regular: ['Đ'], endOfTerm: 'Chưa đạt' }))).toEqual([
      'regular[0]:marks.commentOnScoredSubject',
      'endOfTerm:marks.commentOnScoredSubject',
    ]);
  });

  it('reports every bad cell at once, not only the first', () => {
    expect(
      problemsOf(check('TOAN', { regular: ['x', '-1'], midTerm: '10.5', endOfTerm: 'Đ' })),
    ).toEqual([
      'regular[0]:score.format',
      'regular[1]:score.outOfRange',
      'midTerm:score.outOfRange',
      'endOfTerm:marks.commentOnScoredSubject',
    ]);
  });

  it('Công nghệ: 2 regular assessments in grade 6, 3 in grade 8', () => {
    expect(problemsOf(check('CN', { regular: ['7', '8', '9'] }, {}, 6))).toEqual([
      'regular:marks.tooManyRegular',
    ]);
    expect(problemsOf(check('CN', { regular: ['7', '8', '9'] }, {}, 8))).toEqual([]);
  });

  it('THPT chuyên đề: a fourth regular assessment in Vật lí only with the cluster', () => {
    const raw = { regular: ['7', '8', '9', '6'] };
    expect(problemsOf(check('LY', raw, {}, 10))).toEqual(['regular:marks.tooManyRegular']);
    expect(problemsOf(check('LY', raw, { withStudyTopics: true }, 10))).toEqual([]);
  });

  it('unknown subjects and subjects of another grade', () => {
    expect(problemsOf(check('XYZ', { regular: [] }))).toEqual(['subject:marks.unknownSubject']);
    expect(problemsOf(check('GDQPAN', { regular: [] }))).toEqual(['subject:marks.unknownSubject']);
    expect(problemsOf(check('LS', { regular: [] }, {}, 10))).toEqual([]);
  });

  it('termResultOf is undefined while a scored subject is incomplete', () => {
    const r = check('TOAN', { regular: ['7', '8', '9', '9'], midTerm: '8' });
    expect(r.ok && termResultOf(r.value, 4)).toBeUndefined();
  });
});

describe('validateClassSubjects (the class list from teaching assignments)', () => {
  const THCS_ALL = [
    'NV',
    'TOAN',
    'NN1',
    'GDCD',
    'LSDL',
    'KHTN',
    'CN',
    'TIN',
    'GDTC',
    'NT',
    'HDTN',
    'GDDP',
  ];
  const THPT_CORE = ['NV', 'TOAN', 'NN1', 'LS', 'GDQPAN', 'GDTC', 'HDTN', 'GDDP'];

  it('accepts the full THCS list, with an optional subject', () => {
    expect(validateClassSubjects(LOWER_SECONDARY_RULES, 7, THCS_ALL)).toEqual([]);
    expect(validateClassSubjects(LOWER_SECONDARY_RULES, 7, [...THCS_ALL, 'NN2'])).toEqual([]);
  });

  it('reports a missing compulsory subject, a duplicate and an unknown one', () => {
    const list = THCS_ALL.filter((c) => c !== 'KHTN').concat(['TOAN', 'LY']);
    expect(codes(validateClassSubjects(LOWER_SECONDARY_RULES, 7, list))).toEqual([
      'subjects[11]:class.duplicateSubject',
      'subjects[12]:marks.unknownSubject',
      'subjects:class.missingCompulsorySubject',
    ]);
  });

  it('THPT: exactly 4 electives and 3 chuyên đề clusters of subjects the class takes', () => {
    const ok = [...THPT_CORE, 'LY', 'HOA', 'SINH', 'TIN'];
    expect(validateClassSubjects(UPPER_SECONDARY_RULES, 10, ok, ['TOAN', 'LY', 'HOA'])).toEqual([]);
    expect(
      codes(validateClassSubjects(UPPER_SECONDARY_RULES, 10, [...THPT_CORE, 'LY', 'HOA', 'SINH'])),
    ).toEqual(['subjects:class.wrongElectiveCount']);
    expect(
      codes(validateClassSubjects(UPPER_SECONDARY_RULES, 10, ok, ['TOAN', 'DL', 'NN1', 'LY'])),
    ).toEqual([
      'studyTopics:class.wrongStudyTopicCount',
      'studyTopics[1]:class.studyTopicWithoutSubject',
      'studyTopics[2]:class.studyTopicWithoutSubject',
    ]);
  });
});

describe('validatePrimaryTestMark (Thông tư 27 Điều 7)', () => {
  const read = (
    ...args: Parameters<typeof validatePrimaryTestMark> extends [unknown, ...infer R] ? R : never
  ) => {
    const r = validatePrimaryTestMark(PRIMARY_RULES, ...args);
    return r.ok ? r.value : codes(r.problems);
  };

  it('accepts a whole mark where a test is held', () => {
    expect(read(4, 'TOAN', 'midTermI', '9')).toBe(9);
    expect(read(1, 'TV', 'endOfYear', '10')).toBe(10);
  });

  it('rejects decimals, a 0 and marks where no test is held', () => {
    expect(read(5, 'TV', 'endOfTermI', '8.5')).toEqual(['endOfTermI:score.decimalNotAllowed']);
    expect(read(5, 'TV', 'endOfTermI', '0')).toEqual(['endOfTermI:score.outOfRange']);
    expect(read(3, 'TOAN', 'midTermII', '8')).toEqual(['midTermII:marks.testNotHeld']);
    expect(read(5, 'DD', 'endOfYear', '8')).toEqual(['endOfYear:marks.testNotHeld']);
    expect(read(2, 'KH', 'endOfYear', '8')).toEqual(['subject:marks.subjectNotTaughtInGrade']);
    expect(read(2, 'NOPE', 'endOfYear', '8')).toEqual(['subject:marks.unknownSubject']);
  });
});

describe('validatePrimaryYearInput', () => {
  const qualities = Object.fromEntries(
    [...QUALITIES, ...GENERAL_COMPETENCIES, ...SPECIFIC_COMPETENCIES].map((q) => [
      q,
      'good' as const,
    ]),
  );
  const grade2: PrimaryYearInput = {
    subjects: {
      TV: 'completedWell',
      TOAN: 'completedWell',
      DD: 'completed',
      TNXH: 'completed',
      GDTC: 'completed',
      NT: 'completed',
      HDTN: 'completed',
    },
    qualities,
    endOfYearTests: { TV: 9, TOAN: 8 },
  };

  it('accepts a complete grade 2 record', () => {
    expect(validatePrimaryYearInput(PRIMARY_RULES, 2, grade2)).toEqual([]);
  });

  it('reports a missing test, an unexpected test, a decimal mark and a missing quality', () => {
    const { TOAN: _t, ...tests } = grade2.endOfYearTests;
    const { chamChi: _c, ...someQualities } = qualities;
    const input = {
      ...grade2,
      endOfYearTests: { ...tests, TV: 8.5, DD: 7 },
      qualities: someQualities,
    };
    expect(codes(validatePrimaryYearInput(PRIMARY_RULES, 2, input))).toEqual([
      'endOfYearTests.TOAN:marks.missingTest',
      'endOfYearTests.TV:score.decimalNotAllowed',
      'endOfYearTests.DD:marks.testNotHeld',
      'qualities.chamChi:marks.missingLevel',
    ]);
  });

  it('reports a compulsory subject without a level and a subject of another grade', () => {
    const { NT: _n, ...subjects } = grade2.subjects;
    expect(
      codes(
        validatePrimaryYearInput(PRIMARY_RULES, 2, {
          ...grade2,
          subjects: { ...subjects, KH: 'completed' },
        }),
      ),
    ).toEqual([
      'subjects.KH:marks.subjectNotTaughtInGrade',
      'subjects.NT:class.missingCompulsorySubject',
    ]);
  });
});

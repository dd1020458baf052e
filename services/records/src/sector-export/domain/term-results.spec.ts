import { QUALITY_CODES } from '../../gradebook/domain/primary-assessments';
import {
  inBatches,
  isPrimaryGrade,
  isSchoolYear,
  learnerTermRecord,
  missingOf,
  parseTermParam,
  primaryLearnerTermRecord,
  termCode,
} from './term-results';

const cells = (entries: Array<[string, string[], string | null, string | null]>) =>
  new Map(
    entries.map(([code, regular, midTerm, endOfTerm]) => [code, { regular, midTerm, endOfTerm }]),
  );

const assessed = (entries: Array<[string, string, number | null]>) =>
  new Map(entries.map(([code, level, testScore]) => [code, { level, testScore }]));
const levels = (level: string) => Object.fromEntries(QUALITY_CODES.map((c) => [c, level]));

describe('the term results records sends of a primary class (Circular 27)', () => {
  it('sends each subject’s end-of-term level, the test where the subject has one, and the 15 qualities', () => {
    const record = primaryLearnerTermRecord({
      studentId: 's1',
      classId: 'c4',
      grade: 4,
      term: 1,
      subjectCodes: ['TOAN', 'DD', 'KH'],
      assessments: assessed([
        ['TOAN', 'T', 9],
        ['DD', 'H', null],
        ['KH', 'C', 4],
      ]),
      qualities: levels('Đ'),
    });
    expect(record).toEqual({
      kind: 'primary',
      ref: 's1',
      classId: 'c4',
      grade: 4,
      subjects: [
        { code: 'DD', level: 'H' },
        { code: 'KH', level: 'C', testScore: 4 },
        { code: 'TOAN', level: 'T', testScore: 9 },
      ],
      qualities: levels('Đ'),
    });
    expect(Object.keys(record.qualities)).toEqual([...QUALITY_CODES]);
    expect(record).not.toHaveProperty('conduct');
  });

  it('keeps a test mark only where the circular holds a test at the term’s end checkpoint', () => {
    // Grade 2: Tiếng Việt is tested at the end of term I and of the year; Đạo đức never;
    // Khoa học is not a grade 2 subject (no rule, no test).
    const record = (term: 1 | 2) =>
      primaryLearnerTermRecord({
        studentId: 's',
        classId: 'c2',
        grade: 2,
        term,
        subjectCodes: ['TV', 'DD', 'KH'],
        assessments: assessed([
          ['TV', 'H', 7],
          ['DD', 'T', 8],
          ['KH', 'T', 8],
        ]),
        qualities: levels('T'),
      }).subjects;
    const expected = [
      { code: 'DD', level: 'T' },
      { code: 'KH', level: 'T' },
      { code: 'TV', level: 'H', testScore: 7 },
    ];
    expect(record(1)).toEqual(expected);
    expect(record(2)).toEqual(expected);
  });

  it('leaves out subjects not assessed and qualities not stored, and names no one', () => {
    const record = primaryLearnerTermRecord({
      studentId: 's',
      classId: 'c',
      grade: 3,
      term: 2,
      subjectCodes: ['TOAN', 'TV'],
      assessments: assessed([['TOAN', 'H', null]]),
      qualities: { chamChi: 'C', unknownCode: 'T' },
    });
    expect(record.subjects).toEqual([{ code: 'TOAN', level: 'H' }]);
    expect(record.qualities).toEqual({ chamChi: 'C' });
    const none = primaryLearnerTermRecord({
      studentId: 's',
      classId: 'c',
      grade: 3,
      term: 2,
      subjectCodes: ['TOAN'],
      assessments: new Map(),
      qualities: null,
    });
    expect(none).toMatchObject({ subjects: [], qualities: {} });
    expect(JSON.stringify(record)).not.toMatch(/name/i);
  });

  it('refuses a secondary grade; grades 1-5 are primary', () => {
    expect(() =>
      primaryLearnerTermRecord({
        studentId: 's',
        classId: 'c',
        grade: 6,
        term: 1,
        subjectCodes: [],
        assessments: new Map(),
        qualities: null,
      }),
    ).toThrow(RangeError);
    expect([0, 1, 5, 6, 12].map(isPrimaryGrade)).toEqual([false, true, true, false, false]);
  });
});

describe('the term results records sends', () => {
  it('computes each subject’s term result from the stored cells, with the learning level', () => {
    const record = learnerTermRecord({
      studentId: 's1',
      classId: 'c1',
      grade: 9,
      subjectCodes: ['TOAN', 'GDTC'],
      // ĐTBmhk = (8+7+9+8 + 2·7 + 3·8) / 9 = 70/9 = 7.78 → 7.8
      cells: cells([
        ['TOAN', ['8', '7', '9', '8'], '7', '8'],
        ['GDTC', ['Đ', 'Đ'], 'Đ', 'Đ'],
      ]),
      conduct: 'good',
    });
    expect(record).toEqual({
      ref: 's1',
      classId: 'c1',
      grade: 9,
      subjects: [
        { code: 'GDTC', result: 'Đ' },
        { code: 'TOAN', result: '7.8' },
      ],
      conduct: 'good',
      // fewer than 6 scored subjects at ≥ 5.0: Chưa đạt (Điều 9.2 fixes six)
      learningLevel: 'fail',
    });
  });

  it('leaves out a subject without a result, and then gives no learning level', () => {
    const record = learnerTermRecord({
      studentId: 's1',
      classId: 'c1',
      grade: 9,
      subjectCodes: ['TOAN', 'GDTC'],
      cells: cells([['TOAN', ['8', '7', '9', '8'], '7', null]]),
      conduct: 'fair',
    });
    expect(record.subjects).toEqual([]);
    expect(record).not.toHaveProperty('learningLevel');
    expect(JSON.stringify(record)).not.toMatch(/name/i);
  });

  it('refuses a primary grade', () => {
    expect(() =>
      learnerTermRecord({
        studentId: 's',
        classId: 'c',
        grade: 4,
        subjectCodes: [],
        cells: new Map(),
        conduct: null,
      }),
    ).toThrow(RangeError);
  });

  it('splits records into batches of at most the given size, in order', () => {
    expect(inBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(inBatches([], 3)).toEqual([]);
    expect(() => inBatches([1], 0)).toThrow(RangeError);
  });

  it('names terms and reads them from a URL', () => {
    expect(termCode('2025-2026', 2)).toBe('2025-2026-HK2');
    expect(['1', 'HK2', 'hk1', '3', 'HK', ''].map(parseTermParam)).toEqual([
      1,
      2,
      1,
      undefined,
      undefined,
      undefined,
    ]);
    expect(['2025-2026', '2025-2027', '2025'].map(isSchoolYear)).toEqual([true, false, false]);
  });

  it('reports unsigned classes and learners not answered', () => {
    const m = missingOf(
      [
        { classId: 'a', status: 'signed', learners: ['s1', 's2'] },
        { classId: 'b', status: 'confirmed', learners: ['s3'] },
        { classId: 'c', status: 'open', learners: [] },
      ],
      new Set(['a/s1']),
      new Set(),
    );
    expect(m.classes).toEqual([
      { classId: 'b', status: 'confirmed', learners: 1 },
      { classId: 'c', status: 'open', learners: 0 },
    ]);
    expect(m.learners).toEqual([
      { studentId: 's2', classId: 'a', why: 'not-sent-yet' },
      { studentId: 's3', classId: 'b', why: 'term-not-signed' },
    ]);
  });
});

import {
  inBatches,
  isSchoolYear,
  learnerTermRecord,
  missingOf,
  parseTermParam,
  termCode,
} from './term-results';

const cells = (entries: Array<[string, string[], string | null, string | null]>) =>
  new Map(
    entries.map(([code, regular, midTerm, endOfTerm]) => [code, { regular, midTerm, endOfTerm }]),
  );

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

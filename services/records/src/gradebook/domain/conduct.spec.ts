import {
  checkConductEntries,
  conductGradeProblem,
  normaliseRemarks,
  parseAbsentSessions,
  parseConductLevel,
  REMARKS_MAX_LENGTH,
  sameConduct,
} from './conduct';

const level = (raw: string) => {
  const r = parseConductLevel(raw);
  return r.ok ? r.value : r.problems[0]!.code;
};

describe('conduct levels (rèn luyện, Circular 22 Điều 8)', () => {
  it('takes the codes, the letters and the words teachers type, any case, NFC or NFD', () => {
    expect(['good', 'T', 't', 'Tốt', 'TỐT', 'tot'].map(level)).toEqual(Array(6).fill('good'));
    expect(['fair', 'K', 'Khá', 'kha'].map(level)).toEqual(Array(4).fill('fair'));
    expect(['pass', 'Đ', 'đ', 'Đạt', 'ĐẠT', 'D', 'dat'].map(level)).toEqual(Array(7).fill('pass'));
    expect(['fail', 'CĐ', 'cđ', 'Chưa đạt', 'chưa  ĐẠT', 'CD'].map(level)).toEqual(
      Array(6).fill('fail'),
    );
    // Decomposed (macOS) input: "Đạt" and "Chưa đạt" as NFD, with spaces around.
    expect(level(' Đạt '.normalize('NFD'))).toBe('pass');
    expect(level('Chưa đạt'.normalize('NFD'))).toBe('fail');
    expect(level('Tốt'.normalize('NFD'))).toBe('good');
  });

  it('refuses anything else with a typed problem', () => {
    expect(level('Giỏi')).toBe('conduct.unknownLevel');
    expect(level('A')).toBe('conduct.unknownLevel');
    expect(level('')).toBe('conduct.unknownLevel');
  });
});

describe('absent sessions', () => {
  it('takes a whole number 0..400', () => {
    expect(parseAbsentSessions(0)).toEqual({ ok: true, value: 0 });
    expect(parseAbsentSessions(400)).toEqual({ ok: true, value: 400 });
    expect(parseAbsentSessions('12')).toEqual({ ok: true, value: 12 });
  });

  it('refuses fractions, negatives, too many, missing and non-numbers', () => {
    for (const bad of [1.5, -1, 401, '2.5', '', undefined, null, 'ba', true, Number.NaN])
      expect(parseAbsentSessions(bad as unknown)).toMatchObject({
        ok: false,
        problems: [{ field: 'absentSessions', code: 'conduct.absentSessions' }],
      });
  });
});

describe('remarks', () => {
  it('keeps NFC, trimmed text; blank is none', () => {
    expect(normaliseRemarks('  Chăm ngoan, tiến bộ. '.normalize('NFD'))).toEqual({
      ok: true,
      value: 'Chăm ngoan, tiến bộ.',
    });
    expect(normaliseRemarks('   ')).toEqual({ ok: true, value: null });
    expect(normaliseRemarks(undefined)).toEqual({ ok: true, value: null });
  });

  it('counts characters after NFC and refuses over 1000, and anything but text', () => {
    // 1000 "ộ" typed decomposed are 3000 code units but 1000 characters once composed.
    expect(normaliseRemarks('ộ'.normalize('NFD').repeat(REMARKS_MAX_LENGTH)).ok).toBe(true);
    expect(normaliseRemarks('a'.repeat(REMARKS_MAX_LENGTH + 1))).toMatchObject({
      ok: false,
      problems: [{ field: 'remarks', code: 'comment.tooLong', params: { length: 1001 } }],
    });
    expect(normaliseRemarks(42)).toMatchObject({
      ok: false,
      problems: [{ code: 'comment.format' }],
    });
  });
});

describe('one write of a class’s conduct', () => {
  const [an, binh, chi] = ['an', 'binh', 'chi'];
  const learners = new Set([an, binh]);

  it('gives the valid entries in canonical form', () => {
    expect(
      checkConductEntries(
        [
          { studentId: an, conduct: 'Tốt', absentSessions: 2, remarks: ' Ngoan. ' },
          { studentId: binh, conduct: 'cđ', absentSessions: '0' },
        ],
        learners,
      ),
    ).toEqual({
      ok: true,
      entries: [
        { studentId: an, level: 'good', absentSessions: 2, remarks: 'Ngoan.' },
        { studentId: binh, level: 'fail', absentSessions: 0, remarks: null },
      ],
    });
  });

  it('names every failing field of every entry', () => {
    const r = checkConductEntries(
      [
        { studentId: an, conduct: 'Giỏi', absentSessions: 1.5, remarks: 'x'.repeat(1001) },
        { studentId: chi, conduct: 'T', absentSessions: 0 },
        { studentId: an, absentSessions: 0 },
      ],
      learners,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => `${p.field} ${p.code}`)).toEqual([
      'entries[0].conduct conduct.unknownLevel',
      'entries[0].absentSessions conduct.absentSessions',
      'entries[0].remarks comment.tooLong',
      'entries[1].studentId marks.learnerNotInClass',
      'entries[2].studentId marks.duplicateLearner',
      'entries[2].conduct conduct.missingLevel',
    ]);
  });

  it('checks no membership without the class’s learners, but still a learner named twice', () => {
    const r = checkConductEntries([
      { studentId: chi, conduct: 'K', absentSessions: 0 },
      { studentId: chi, conduct: 'K', absentSessions: 0 },
    ]);
    expect(r).toMatchObject({
      ok: false,
      problems: [{ field: 'entries[1].studentId', code: 'marks.duplicateLearner' }],
    });
  });

  it('tells a repeat from a change', () => {
    const a = { studentId: an, level: 'good' as const, absentSessions: 2, remarks: null };
    expect(sameConduct(a, { ...a })).toBe(true);
    expect(sameConduct(a, { ...a, absentSessions: 3 })).toBe(false);
    expect(sameConduct(a, { ...a, remarks: 'Ngoan.' })).toBe(false);
  });

  it('belongs to grades 6-12 only', () => {
    expect(conductGradeProblem(6)).toBeNull();
    expect(conductGradeProblem(12)).toBeNull();
    expect(conductGradeProblem(5)).toMatchObject({
      field: 'classId',
      code: 'conduct.notSecondary',
    });
  });
});

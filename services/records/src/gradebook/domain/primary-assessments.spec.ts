import { primarySubjectTaught } from './validate';
import { PRIMARY_RULES } from './level-rules';
import {
  checkpointOf,
  normaliseComment,
  primaryRulesFor,
  validatePrimarySubjectAssessment,
  validateQualityLevels,
} from './primary-assessments';

const codes = (r: { ok: boolean; problems?: Array<{ field: string; code: string }> }) =>
  r.ok ? [] : r.problems!.map((p) => `${p.field}:${p.code}`);

describe('checkpointOf: the four checkpoints of Thông tư 27 on terms 1-2', () => {
  it('maps mid/end of each term', () => {
    expect(checkpointOf(1, 'mid')).toBe('midTermI');
    expect(checkpointOf(1, 'end')).toBe('endOfTermI');
    expect(checkpointOf(2, 'mid')).toBe('midTermII');
    expect(checkpointOf(2, 'end')).toBe('endOfYear');
  });
});

describe('primaryRulesFor', () => {
  it('takes grades 1-5 and refuses secondary grades', () => {
    expect(primaryRulesFor(4)).toEqual({ ok: true, rules: PRIMARY_RULES });
    const r = primaryRulesFor(6);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem.code).toBe('marks.notPrimary');
  });
});

describe('validatePrimarySubjectAssessment', () => {
  const check = (
    grade: 1 | 2 | 3 | 4 | 5,
    subject: string,
    term: 1 | 2,
    slot: 'mid' | 'end',
    raw: Parameters<typeof validatePrimarySubjectAssessment>[4],
  ) =>
    validatePrimarySubjectAssessment(PRIMARY_RULES, grade, subject, checkpointOf(term, slot), raw);

  it('keeps the level as T/H/C, a whole test mark where a test is held, and the comment in NFC', () => {
    expect(
      check(4, 'TV', 1, 'mid', { level: 'hoàn thành tốt', testScore: '9', comment: ' Đọc tốt ' }),
    ).toEqual({ ok: true, value: { level: 'T', testScore: 9, comment: 'Đọc tốt' } });
    expect(check(2, 'TOAN', 2, 'end', { level: 'h', testScore: 7 })).toEqual({
      ok: true,
      value: { level: 'H', testScore: 7, comment: null },
    });
    expect(check(2, 'DD', 1, 'mid', { level: 'C', testScore: '' })).toEqual({
      ok: true,
      value: { level: 'C', testScore: null, comment: null },
    });
  });

  it('names every problem: decimals, range, no test held, missing level', () => {
    expect(codes(check(4, 'TOAN', 1, 'mid', { level: 'T', testScore: '8.5' }))).toEqual([
      'testScore:score.decimalNotAllowed',
    ]);
    expect(codes(check(4, 'TOAN', 1, 'mid', { level: 'T', testScore: 8.5 }))).toEqual([
      'testScore:score.decimalNotAllowed',
    ]);
    expect(codes(check(4, 'TOAN', 1, 'end', { level: 'T', testScore: 0 }))).toEqual([
      'testScore:score.outOfRange',
    ]);
    // Grade 2 has no mid-term test; Đạo đức never has one.
    expect(codes(check(2, 'TOAN', 1, 'mid', { testScore: '8' }))).toEqual([
      'level:marks.missingLevel',
      'testScore:marks.testNotHeld',
    ]);
    expect(codes(check(4, 'DD', 1, 'end', { level: 'X', testScore: '8' }))).toEqual([
      'level:comment.format',
      'testScore:marks.testNotHeld',
    ]);
    expect(codes(check(4, 'DD', 1, 'end', { level: 'T', comment: 'x'.repeat(501) }))).toEqual([
      'comment:comment.tooLong',
    ]);
  });

  it('refuses a subject the grade does not have', () => {
    expect(codes(primarySubjectTaught(PRIMARY_RULES, 3, 'LSDL'))).toEqual([
      'subject:marks.subjectNotTaughtInGrade',
    ]);
    expect(primarySubjectTaught(PRIMARY_RULES, 4, 'LSDL').ok).toBe(true);
    expect(codes(check(2, 'KH', 1, 'mid', { level: 'T' }))).toEqual([
      'subject:marks.subjectNotTaughtInGrade',
    ]);
    expect(codes(check(2, 'NV', 1, 'mid', { level: 'T' }))).toEqual([
      'subject:marks.unknownSubject',
    ]);
  });
});

describe('normaliseComment', () => {
  it('counts characters after NFC, so a decomposed Vietnamese text is not longer', () => {
    const decomposed = 'ạ'.normalize('NFD').repeat(500);
    expect(normaliseComment(decomposed)).toEqual({ ok: true, value: 'ạ'.repeat(500) });
    expect(normaliseComment('   ')).toEqual({ ok: true, value: null });
  });
});

describe('validateQualityLevels', () => {
  it('keeps T/Đ/C for each named quality or competency', () => {
    expect(validateQualityLevels({ chamChi: 'Tốt', tuChuTuHoc: 'đạt', theChat: 'C' })).toEqual({
      ok: true,
      value: { chamChi: 'T', tuChuTuHoc: 'Đ', theChat: 'C' },
    });
  });
  it('names unknown codes, bad and missing levels', () => {
    expect(codes(validateQualityLevels({ chamChi: 'H', hatHay: 'T', nhanAi: '' }))).toEqual([
      'levels.chamChi:comment.format',
      'levels.hatHay:marks.unknownQuality',
      'levels.nhanAi:marks.missingLevel',
    ]);
    expect(codes(validateQualityLevels({}))).toEqual(['levels:marks.missingLevel']);
  });
});

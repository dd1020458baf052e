import { tenths } from '../../gradebook/domain/score';
import type { SchoolRecordInput } from '../../shared/school-record/school-record-document';
import { QUALITY_CODES } from '../../gradebook/domain/primary-assessments';
import type { PrimarySchoolRecordInput } from '../../shared/school-record/primary-school-record-document';
import { correctedInput, correctedPrimaryInput } from './correction';

const signed: SchoolRecordInput = {
  learner: {
    studentId: 's1',
    fullName: 'Nguyễn Văn An',
    dateOfBirth: '2011-03-02',
    gender: 'male',
    ethnicity: 'Kinh',
    personalIdLast4: '1234',
  },
  school: { id: 'school-1', name: 'Trường THCS Hạ Long', province: 'Quảng Ninh' },
  schoolYear: '2025-2026',
  grade: 9,
  className: '9A',
  subjects: [
    { code: 'TOAN', mode: 'scored', termI: tenths(78), termII: tenths(81) },
    { code: 'GDTC', mode: 'commented', termI: 'pass', termII: 'pass' },
  ],
  conduct: { termI: 'good', termII: 'fair' },
  absentSessions: 5,
  homeroomRemarks: 'Tiến bộ rõ',
  signing: { place: 'Hạ Long', date: '2026-05-30', homeroomTeacher: 'GVCN', principal: 'HT' },
};

describe('correcting a signed học bạ', () => {
  it('changes what it names, exactly (the comma as decimal mark), and keeps the rest', () => {
    const r = correctedInput(signed, {
      reason: 'Nhập nhầm điểm',
      subjects: [
        { code: 'TOAN', termII: '8,4' },
        { code: 'NV', termI: '6.5', termII: '7' },
      ],
      conduct: { termII: 'good' },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.input.subjects).toEqual([
      { code: 'TOAN', mode: 'scored', termI: tenths(78), termII: tenths(84) },
      { code: 'GDTC', mode: 'commented', termI: 'pass', termII: 'pass' },
      { code: 'NV', mode: 'scored', termI: tenths(65), termII: tenths(70) },
    ]);
    expect(r.input.conduct).toEqual({ termI: 'good', termII: 'good' });
    expect(r.input.absentSessions).toBe(5);
    expect(signed.subjects[0]).toEqual({
      code: 'TOAN',
      mode: 'scored',
      termI: tenths(78),
      termII: tenths(81),
    });
  });

  it('names every bad field and changes nothing', () => {
    const r = correctedInput(signed, {
      reason: '  ',
      subjects: [
        { code: 'TOAN', termII: '8.55' },
        { code: 'GDTC', termI: '9' },
        { code: 'XYZ', termI: '9' },
        { code: 'TOAN', termI: null, termII: null },
      ],
      conduct: { termI: 'excellent' },
      absentSessions: -1,
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.field)).toEqual([
      'reason',
      'subjects[0].termII',
      'subjects[1].termI',
      'subjects[2].code',
      'subjects[3]',
      'conduct.termI',
      'absentSessions',
    ]);
  });

  it('takes the summer re-assessment and conduct training, and can remove them', () => {
    const r = correctedInput(signed, {
      reason: 'Kết quả kiểm tra lại',
      subjects: [
        { code: 'TOAN', reassessment: '6.0' },
        { code: 'GDTC', reassessment: 'Đạt' },
      ],
      conduct: { afterSummerTraining: 'pass' },
    });
    if (!r.ok) throw new Error('refused');
    expect(r.input.subjects[0]).toMatchObject({ reassessment: tenths(60) });
    expect(r.input.subjects[1]).toMatchObject({ reassessment: 'pass' });
    expect(r.input.conduct.afterSummerTraining).toBe('pass');
    const back = correctedInput(r.input, {
      reason: 'Huỷ',
      subjects: [{ code: 'TOAN', reassessment: null }],
      conduct: { afterSummerTraining: null },
    });
    expect(back.ok && back.input.subjects[0]).toEqual(signed.subjects[0]);
    expect(back.ok && back.input.conduct).toEqual(signed.conduct);
  });
});

describe('correcting a signed primary học bạ (Circular 27)', () => {
  const primary: PrimarySchoolRecordInput = {
    learner: signed.learner,
    school: signed.school,
    schoolYear: '2025-2026',
    grade: 4,
    className: '4A',
    subjects: [
      { code: 'TOAN', level: 'completedWell', testScore: 9 },
      { code: 'DD', level: 'completedWell', remark: 'Lễ phép' },
    ],
    qualities: Object.fromEntries(QUALITY_CODES.map((c) => [c, 'good'])) as never,
    homeroomRemarks: '',
    signing: signed.signing,
  };

  it('changes levels, test marks (whole numbers), qualities and remarks as teachers write them', () => {
    const r = correctedPrimaryInput(primary, {
      reason: 'Nhập nhầm điểm kiểm tra cuối năm',
      subjects: [
        { code: 'TOAN', level: 'Hoàn thành', testScore: 7 },
        { code: 'DD', remark: null },
      ],
      qualities: { chamChi: 'Đạt', theChat: 'c' },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.input.subjects).toEqual([
      { code: 'TOAN', level: 'completed', testScore: 7 },
      { code: 'DD', level: 'completedWell' },
    ]);
    expect(r.input.qualities).toMatchObject({
      chamChi: 'pass',
      theChat: 'needsEffort',
      yeuNuoc: 'good',
    });
    expect(primary.subjects[0]).toEqual({ code: 'TOAN', level: 'completedWell', testScore: 9 });
  });

  it('names every bad field, secondary fields included, and changes nothing', () => {
    const r = correctedPrimaryInput(primary, {
      reason: 'x',
      subjects: [
        { code: 'TOAN', level: 'A', testScore: 8.5 },
        { code: 'DD', testScore: 8 },
        { code: 'KH', level: 'T' },
        { code: 'TV' },
      ],
      qualities: { honesty: 'T', chamChi: 'X' },
      conduct: { termI: 'good' },
    } as never);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.field)).toEqual([
      'conduct',
      'subjects[0].level',
      'subjects[0].testScore',
      'subjects[1].testScore',
      'subjects[2].testScore',
      'subjects[3].level',
      'subjects[3].testScore',
      'qualities.honesty',
      'qualities.chamChi',
    ]);
    // A primary field on a secondary record is refused too.
    const s = correctedInput(signed, {
      reason: 'x',
      subjects: [{ code: 'TOAN', level: 'T' } as never],
      qualities: { chamChi: 'T' },
    } as never);
    expect(!s.ok && s.problems.map((p) => p.field)).toEqual(['subjects[0].level', 'qualities']);
  });
});

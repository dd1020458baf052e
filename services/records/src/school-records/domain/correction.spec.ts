import { tenths } from '../../gradebook/domain/score';
import type { SchoolRecordInput } from '../../shared/school-record/school-record-document';
import { correctedInput } from './correction';

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

import { tenths } from '../src/gradebook/domain/score';
import { buildSchoolRecord } from '../src/shared/school-record/school-record-document';
import type { RecordDocument } from '../src/shared/signing/domain/record';

/**
 * A demo học bạ (one learner of grade 11, one school year) for the demo signing and the tests:
 * the document the records service signs, built by the same builder.
 */
export function demoRecord(schoolId = 'demo-thpt-ha-long', learnerId = 'HS-0001'): RecordDocument {
  const t = (n: number) => tenths(n);
  return buildSchoolRecord({
    learner: {
      studentId: learnerId,
      fullName: 'Đỗ Minh Khôi',
      dateOfBirth: '2009-03-14',
      gender: 'male',
      ethnicity: 'Kinh',
      personalIdLast4: '0314',
    },
    school: { id: schoolId, name: 'Trường THPT Demo Hạ Long', province: 'Quảng Ninh' },
    schoolYear: '2025-2026',
    grade: 11,
    className: '11A1',
    subjects: [
      { code: 'TOAN', mode: 'scored', termI: t(82), termII: t(87) },
      { code: 'NV', mode: 'scored', termI: t(75), termII: t(80) },
      { code: 'NN1', mode: 'scored', termI: t(90), termII: t(92) },
      { code: 'LS', mode: 'scored', termI: t(80), termII: t(83) },
      { code: 'LY', mode: 'scored', termI: t(78), termII: t(85) },
      { code: 'HOA', mode: 'scored', termI: t(81), termII: t(84) },
      { code: 'TIN', mode: 'scored', termI: t(88), termII: t(90) },
      { code: 'GDTC', mode: 'commented', termI: 'pass', termII: 'pass' },
      { code: 'HDTN', mode: 'commented', termI: 'pass', termII: 'pass' },
    ],
    conduct: { termI: 'good', termII: 'good' },
    absentSessions: 2,
    homeroomRemarks: 'Chăm chỉ, có tinh thần trách nhiệm, tích cực tham gia hoạt động tập thể.',
    signing: {
      place: 'Hạ Long',
      date: '2026-05-30',
      homeroomTeacher: 'Nguyễn Thị Hoa',
      principal: 'Trần Văn Minh',
    },
  });
}

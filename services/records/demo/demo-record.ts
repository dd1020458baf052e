import { RECORD_SCHEMA, type RecordDocument } from '../src/shared/signing/domain/record';

/** A demo học bạ (one learner, one school year) for the demo signing and the tests. */
export function demoRecord(schoolId = 'demo-thpt-ha-long', learnerId = 'HS-0001'): RecordDocument {
  return {
    schema: RECORD_SCHEMA,
    recordId: `${schoolId}/${learnerId}/2025-2026`,
    learnerId,
    schoolId,
    schoolYear: '2025-2026',
    version: 1,
    previous: null,
    body: {
      learner: { fullName: 'Đỗ Minh Khôi', dateOfBirth: '2009-03-14', gender: 'Nam' },
      school: { name: 'Trường THPT Demo Hạ Long', province: 'Quảng Ninh' },
      className: '11A1',
      grade: 11,
      subjects: [
        { subject: 'Toán', mark: 8.5 },
        { subject: 'Ngữ văn', mark: 7.8 },
        { subject: 'Tiếng Anh', mark: 9.1 },
        { subject: 'Lịch sử', mark: 8.2 },
        { subject: 'Giáo dục thể chất', mark: 'Đ' },
      ],
      conduct: 'Tốt',
      result: 'Đạt',
      remarks: 'Chăm chỉ, có tinh thần trách nhiệm, tích cực tham gia hoạt động tập thể.',
      homeroomTeacher: 'Nguyễn Thị Hoa',
      principal: 'Trần Văn Minh',
    },
  };
}

import { QUALITY_CODES } from '../../gradebook/domain/primary-assessments';
import { canonicalJson } from '../signing/domain/canonical';
import {
  buildPrimarySchoolRecord,
  primarySchoolRecordBody,
  type PrimarySchoolRecordInput,
} from './primary-school-record-document';

const input = (over: Partial<PrimarySchoolRecordInput> = {}): PrimarySchoolRecordInput => ({
  learner: {
    studentId: 's1',
    fullName: 'Lò Thị Mai',
    dateOfBirth: '2016-02-11',
    gender: 'female',
    ethnicity: 'Dao',
    personalIdLast4: '0420',
  },
  school: { id: 'school-1', name: 'Trường Tiểu học Bình Liêu', province: 'Quảng Ninh' },
  schoolYear: '2025-2026',
  grade: 3,
  className: '3A',
  // Grade 3: end-of-year tests in Tiếng Việt, Toán, Ngoại ngữ 1, Tin học và Công nghệ.
  subjects: [
    { code: 'TOAN', level: 'completedWell', testScore: 10 },
    { code: 'TV', level: 'completedWell', testScore: 9, remark: 'Đọc to, rõ ràng' },
    { code: 'NN1', level: 'completedWell', testScore: 9 },
    { code: 'THCN', level: 'completedWell', testScore: 10 },
    { code: 'DD', level: 'completedWell' },
    { code: 'GDTC', level: 'completedWell' },
  ],
  qualities: Object.fromEntries(
    QUALITY_CODES.map((c) => [c, 'good']),
  ) as PrimarySchoolRecordInput['qualities'],
  homeroomRemarks: 'Em chăm ngoan',
  signing: { place: 'Bình Liêu', date: '2026-05-25', homeroomTeacher: 'GVCN', principal: 'HT' },
  ...over,
});

describe('primary học bạ (Circular 27)', () => {
  it('all subjects Hoàn thành tốt, all qualities Tốt, every test ≥ 9: Hoàn thành xuất sắc, Học sinh Xuất sắc', () => {
    const body = primarySchoolRecordBody(input());
    expect(body.evaluation).toMatchObject({ code: 'excellent', text: 'Hoàn thành xuất sắc' });
    expect(body.awards).toMatchObject({ items: ['Học sinh Xuất sắc'] });
    expect(body.promotion).toMatchObject({
      outcome: 'promoted',
      text: 'Hoàn thành chương trình lớp 3',
    });
    // The programme's order, levels in words, test marks as whole numbers or null.
    expect((body.subjects as Array<{ code: string }>).map((s) => s.code)).toEqual([
      'TV',
      'TOAN',
      'NN1',
      'DD',
      'THCN',
      'GDTC',
    ]);
    expect((body.subjects as unknown[])[3]).toEqual({
      code: 'DD',
      name: 'Đạo đức',
      level: 'Hoàn thành tốt',
      testScore: null,
      remark: null,
    });
    expect((body.qualities as { items: unknown[] }).items[0]).toEqual({
      code: 'yeuNuoc',
      name: 'Yêu nước',
      level: 'Tốt',
    });
    expect(body.signatures).toMatchObject({ placeAndDate: 'Bình Liêu, ngày 25 tháng 5 năm 2026' });
  });

  it('a test of 8 makes it Hoàn thành tốt; a subject Chưa hoàn thành: not completed', () => {
    const good = primarySchoolRecordBody(
      input({
        subjects: input().subjects.map((s) => (s.code === 'TOAN' ? { ...s, testScore: 8 } : s)),
      }),
    );
    expect(good.evaluation).toMatchObject({ code: 'good' });
    expect(good.awards).toMatchObject({ items: [] });
    const grade5 = primarySchoolRecordBody(
      input({
        grade: 5,
        subjects: [
          { code: 'TOAN', level: 'notCompleted', testScore: 4 },
          { code: 'TV', level: 'completed', testScore: 6 },
        ],
      }),
    );
    expect(grade5.evaluation).toMatchObject({ code: 'notCompleted', text: 'Chưa hoàn thành' });
    expect(grade5.promotion).toMatchObject({
      outcome: 'retained',
      text: 'Chưa hoàn thành chương trình tiểu học',
    });
  });

  it('refuses what the gradebook never produces', () => {
    expect(() => primarySchoolRecordBody(input({ grade: 6 }))).toThrow(/not primary/);
    expect(() =>
      primarySchoolRecordBody(input({ subjects: [{ code: 'TOAN', level: 'completed' }] })),
    ).toThrow(/test mark is missing/);
    expect(() =>
      primarySchoolRecordBody(
        input({ subjects: [{ code: 'DD', level: 'completed', testScore: 7 }] }),
      ),
    ).toThrow(/has no test/);
    expect(() =>
      primarySchoolRecordBody(
        input({ subjects: [{ code: 'LSDL', level: 'completed', testScore: 7 }] }),
      ),
    ).toThrow(/not taught in grade 3/);
    const { chamChi: _, ...lacking } = input().qualities;
    expect(() => primarySchoolRecordBody(input({ qualities: lacking as never }))).toThrow(
      /chamChi/,
    );
  });

  it('a version 1 document with a stable canonical form, NFC everywhere', () => {
    const doc = buildPrimarySchoolRecord(
      input({ homeroomRemarks: 'Em chăm ngoan'.normalize('NFD') }),
    );
    expect(doc).toMatchObject({ recordId: 'school-1/s1/2025-2026', version: 1, previous: null });
    expect(canonicalJson(doc)).toBe(canonicalJson(buildPrimarySchoolRecord(input())));
  });
});

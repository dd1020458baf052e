import { generateDemoPki, type DemoPki } from '../../../demo/demo-pki';
import { tenths } from '../../gradebook/domain/score';
import { LocalKeySigner, LocalRevocationList, toPem } from '@qn/document-signing';
import { canonicalJson, recordHash, type JsonValue } from '../signing/domain/canonical';
import { correctionOf, type RecordDocument } from '../signing/domain/record';
import { verifyRecord } from '../signing/domain/verify-record';
import { signRecord } from '../signing/sign-record';
import {
  buildSchoolRecord,
  schoolRecordBody,
  type SchoolRecordInput,
  type SchoolRecordSubject,
} from './school-record-document';

const STUDENT = '0192f0a0-7c1e-7a00-8000-000000000801';
const SCHOOL = 'demo-thpt-ha-long';

const scored = (code: string, termI: number, termII: number): SchoolRecordSubject => ({
  code,
  mode: 'scored',
  termI: tenths(termI),
  termII: tenths(termII),
});
const commented = (code: string): SchoolRecordSubject => ({
  code,
  mode: 'commented',
  termI: 'pass',
  termII: 'pass',
});

/** A grade-8 learner's year (THCS, Circular 22): 8 scored subjects, 4 commented. */
const grade8 = (): SchoolRecordInput => ({
  learner: {
    studentId: STUDENT,
    // Given decomposed (NFD), as another writer might: the document is NFC.
    fullName: 'Nguyễn Thị Ánh Tuyết'.normalize('NFD'),
    dateOfBirth: '2012-09-14',
    gender: 'female',
    ethnicity: 'Kinh',
    personalIdLast4: '4321',
  },
  school: { id: SCHOOL, name: 'Trường THCS Trần Quốc Toản', province: 'Quảng Ninh' },
  schoolYear: '2025-2026',
  grade: 8,
  className: '8A1',
  // Any order in; the programme's order out.
  subjects: [
    commented('GDDP'),
    scored('TOAN', 85, 90),
    scored('NV', 76, 80),
    { ...scored('NN1', 70, 74), remark: 'Tiến bộ rõ ở kĩ năng nghe.', teacher: 'Phạm Thu Hà' },
    scored('GDCD', 88, 92),
    scored('LSDL', 81, 79),
    scored('KHTN', 83, 86),
    scored('CN', 90, 85),
    scored('TIN', 95, 93),
    commented('GDTC'),
    commented('NT'),
    commented('HDTN'),
  ],
  conduct: { termI: 'fair', termII: 'good' },
  absentSessions: 3,
  otherAwards: ['Giải Nhì Hội khỏe Phù Đổng cấp trường, môn Cờ vua'],
  homeroomRemarks: 'Chăm chỉ, trung thực, có tinh thần trách nhiệm với tập thể lớp.',
  signing: {
    place: 'Hạ Long',
    date: '2026-05-30',
    homeroomTeacher: 'Nguyễn Thị Hoa',
    principal: 'Trần Văn Minh',
  },
});

const row = (
  code: string,
  name: string,
  mode: 'scored' | 'commented',
  termI: string,
  termII: string,
  year: string,
  extra: { remark?: string; teacher?: string } = {},
) => ({
  code,
  name,
  mode,
  termI,
  termII,
  year,
  reassessment: null,
  remark: extra.remark ?? null,
  teacher: extra.teacher ?? null,
});

const EXPECTED = {
  schema: 'qn.hoc-ba/1',
  recordId: `${SCHOOL}/${STUDENT}/2025-2026`,
  learnerId: STUDENT,
  schoolId: SCHOOL,
  schoolYear: '2025-2026',
  version: 1,
  previous: null,
  body: {
    title: 'HỌC BẠ',
    level: 'Trung học cơ sở',
    circular: '22/2021/TT-BGDĐT',
    learner: {
      studentId: STUDENT,
      fullName: 'Nguyễn Thị Ánh Tuyết',
      dateOfBirth: '2012-09-14',
      gender: 'Nữ',
      ethnicity: 'Kinh',
      personalIdLast4: '4321',
    },
    school: { id: SCHOOL, name: 'Trường THCS Trần Quốc Toản', province: 'Quảng Ninh' },
    schoolYear: '2025-2026',
    class: { name: '8A1', grade: 8 },
    section: 'KẾT QUẢ HỌC TẬP VÀ RÈN LUYỆN',
    columns: {
      subject: 'Môn học và hoạt động giáo dục',
      termI: 'Học kì I',
      termII: 'Học kì II',
      year: 'Cả năm',
      reassessment: 'Điểm hoặc mức đánh giá lại (nếu có)',
      remark:
        'Nhận xét sự tiến bộ, ưu điểm nổi bật, hạn chế chủ yếu và chữ kí của giáo viên môn học',
    },
    // ĐTBmcn = (ĐTBmhkI + 2·ĐTBmhkII) / 3, half up: NV (7.6 + 16.0) / 3 = 7.866… → 7.9.
    subjects: [
      row('NV', 'Ngữ văn', 'scored', '7.6', '8.0', '7.9'),
      row('TOAN', 'Toán', 'scored', '8.5', '9.0', '8.8'),
      row('NN1', 'Ngoại ngữ 1', 'scored', '7.0', '7.4', '7.3', {
        remark: 'Tiến bộ rõ ở kĩ năng nghe.',
        teacher: 'Phạm Thu Hà',
      }),
      row('GDCD', 'Giáo dục công dân', 'scored', '8.8', '9.2', '9.1'),
      row('LSDL', 'Lịch sử và Địa lí', 'scored', '8.1', '7.9', '8.0'),
      row('KHTN', 'Khoa học tự nhiên', 'scored', '8.3', '8.6', '8.5'),
      row('CN', 'Công nghệ', 'scored', '9.0', '8.5', '8.7'),
      row('TIN', 'Tin học', 'scored', '9.5', '9.3', '9.4'),
      row('GDTC', 'Giáo dục thể chất', 'commented', 'Đ', 'Đ', 'Đ'),
      row('NT', 'Nghệ thuật (Âm nhạc, Mĩ thuật)', 'commented', 'Đ', 'Đ', 'Đ'),
      row('HDTN', 'Hoạt động trải nghiệm, hướng nghiệp', 'commented', 'Đ', 'Đ', 'Đ'),
      row('GDDP', 'Nội dung giáo dục của địa phương', 'commented', 'Đ', 'Đ', 'Đ'),
    ],
    // Year: all ≥ 6.5 and exactly 6 ≥ 8.0 (LSDL's 8.0 counts: thresholds are inclusive) → Tốt.
    learningResult: {
      label: 'Kết quả học tập',
      termI: 'Tốt',
      termII: 'Tốt',
      year: 'Tốt',
      yearAdjustedBecauseOf: null,
      afterReassessment: null,
    },
    // Điều 8.3: II Tốt and I Khá → Tốt.
    conductResult: {
      label: 'Kết quả rèn luyện',
      termI: 'Khá',
      termII: 'Tốt',
      year: 'Tốt',
      afterSummerTraining: null,
    },
    absences: { label: 'Tổng số buổi nghỉ học cả năm học', sessions: 3 },
    promotion: {
      label: 'Được lên lớp hoặc không được lên lớp',
      outcome: 'promoted',
      text: 'Được lên lớp',
    },
    // Tốt and Tốt, but only 2 subjects ≥ 9.0 (GDCD, TIN): Giỏi, not Xuất sắc.
    awards: {
      label: 'Khen thưởng',
      items: ['Học sinh Giỏi', 'Giải Nhì Hội khỏe Phù Đổng cấp trường, môn Cờ vua'],
    },
    homeroomRemarks: {
      label: 'Nhận xét của giáo viên chủ nhiệm',
      text: 'Chăm chỉ, trung thực, có tinh thần trách nhiệm với tập thể lớp.',
    },
    signatures: {
      placeAndDate: 'Hạ Long, ngày 30 tháng 5 năm 2026',
      date: '2026-05-30',
      homeroomTeacher: {
        title: 'Giáo viên chủ nhiệm',
        note: '(Kí và ghi rõ họ tên)',
        name: 'Nguyễn Thị Hoa',
      },
      principal: {
        title: 'Hiệu trưởng',
        note: '(Kí, ghi rõ họ tên và đóng dấu)',
        name: 'Trần Văn Minh',
      },
    },
  },
};

/** The same value with every object's keys in reverse order. */
const reversed = (v: JsonValue): JsonValue =>
  Array.isArray(v)
    ? v.map(reversed)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .reverse()
            .map(([k, x]) => [k, reversed(x)]),
        )
      : v;

/** Every string and number in a JSON value, with its path. */
const leaves = (v: JsonValue, path = '$'): Array<[string, JsonValue]> =>
  Array.isArray(v)
    ? v.flatMap((x, i) => leaves(x, `${path}[${i}]`))
    : v !== null && typeof v === 'object'
      ? Object.entries(v).flatMap(([k, x]) => leaves(x, `${path}.${k}`))
      : [[path, v]];

describe('the học bạ document (THCS/THPT, Circular 22)', () => {
  it("builds a grade-8 learner's year exactly as expected", () => {
    const doc = buildSchoolRecord(grade8());
    expect(JSON.parse(JSON.stringify(doc))).toEqual(EXPECTED);
    // Exact JSON, in the canonical form (RFC 8785) that is signed.
    expect(canonicalJson(doc)).toBe(canonicalJson(EXPECTED as unknown as JsonValue));
  });

  it('is JSON only: no floats, no undefined, every string NFC', () => {
    const doc = buildSchoolRecord(grade8());
    for (const [path, v] of leaves(doc)) {
      if (typeof v === 'number') expect([path, Number.isInteger(v)]).toEqual([path, true]);
      if (typeof v === 'string') expect([path, v.normalize('NFC')]).toEqual([path, v]);
      expect([path, v === undefined]).toEqual([path, false]);
    }
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('has canonical JSON and hash independent of key order', () => {
    const doc = buildSchoolRecord(grade8());
    const shuffled = reversed(doc);
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(doc));
    expect(canonicalJson(shuffled)).toBe(canonicalJson(doc));
    expect(recordHash(shuffled)).toBe(recordHash(doc));
    // The same input builds the same bytes (no clock, no randomness).
    expect(recordHash(buildSchoolRecord(grade8()))).toBe(recordHash(doc));
  });

  it('changes its hash when one mark changes', () => {
    const input = grade8();
    const before = recordHash(buildSchoolRecord(input));
    // NV term II 8.0 → 8.1: the year stays 7.9, the term column changes, and so does the hash.
    input.subjects = input.subjects.map((s) => (s.code === 'NV' ? scored('NV', 76, 81) : s));
    const doc = buildSchoolRecord(input);
    expect((doc.body.subjects as Array<{ termII: string; year: string }>)[0]).toMatchObject({
      termII: '8.1',
      year: '7.9',
    });
    expect(recordHash(doc)).not.toBe(before);
  });

  it('prints the summer steps: Kiểm tra lại, then the re-assessed result and lên lớp', () => {
    const input = grade8();
    // Toán 3.0 / 3.2 → ĐTBmcn 3.1 < 3.5: Chưa đạt by Điều 9.2, but only because of Toán (the
    // rest reach Tốt), so Điều 9.3 raises it to Khá and the document names the subject.
    input.subjects = input.subjects.map((s) => (s.code === 'TOAN' ? scored('TOAN', 30, 32) : s));
    const adjusted = schoolRecordBody(input);
    expect(adjusted.learningResult).toMatchObject({
      year: 'Khá',
      yearAdjustedBecauseOf: 'Toán',
    });
    // Two weak subjects: no adjustment, Chưa đạt, re-assessment pending.
    input.subjects = input.subjects.map((s) => (s.code === 'NV' ? scored('NV', 30, 30) : s));
    expect(schoolRecordBody(input)).toMatchObject({
      learningResult: { year: 'Chưa đạt', afterReassessment: null },
      promotion: { outcome: 'reassessment', text: 'Kiểm tra lại' },
      awards: { items: ['Giải Nhì Hội khỏe Phù Đổng cấp trường, môn Cờ vua'] },
    });
    input.subjects = input.subjects.map((s) =>
      s.mode === 'scored' && (s.code === 'TOAN' || s.code === 'NV')
        ? { ...s, reassessment: tenths(65) }
        : s,
    );
    const after = schoolRecordBody(input);
    expect(after).toMatchObject({
      learningResult: { year: 'Chưa đạt', afterReassessment: 'Khá' },
      promotion: { outcome: 'promoted', text: 'Được lên lớp' },
    });
    expect((after.subjects as Array<{ reassessment: string | null }>)[0].reassessment).toBe('6.5');
  });

  it('prints conduct training in summer, retention, and a final grade', () => {
    const input = { ...grade8(), conduct: { termI: 'pass', termII: 'fail' } } as SchoolRecordInput;
    expect(schoolRecordBody(input).promotion).toMatchObject({
      outcome: 'summer-conduct-training',
      text: 'Rèn luyện trong kì nghỉ hè',
    });
    input.conduct.afterSummerTraining = 'fail';
    expect(schoolRecordBody(input).promotion).toMatchObject({
      outcome: 'retained',
      text: 'Không được lên lớp',
      reason: 'Kết quả rèn luyện sau rèn luyện trong kì nghỉ hè: Chưa đạt',
    });
    expect(schoolRecordBody({ ...grade8(), absentSessions: 46 }).promotion).toMatchObject({
      outcome: 'retained',
      reason: 'Nghỉ quá 45 buổi trong năm học',
    });
    expect(schoolRecordBody({ ...grade8(), grade: 9, className: '9A1' }).promotion).toMatchObject({
      outcome: 'promoted',
      text: 'Hoàn thành chương trình trung học cơ sở',
    });
  });

  it('refuses what the gradebook never produces', () => {
    const bad = (patch: Partial<SchoolRecordInput>) => () =>
      schoolRecordBody({ ...grade8(), ...patch });
    expect(bad({ grade: 5 })).toThrow(/Thông tư 27/);
    expect(bad({ subjects: [scored('VATLI', 80, 80)] })).toThrow(/not taught in grade 8/);
    expect(
      bad({ subjects: [{ code: 'GDTC', mode: 'scored', termI: tenths(80), termII: tenths(80) }] }),
    ).toThrow(/GDTC is commented/);
    expect(bad({ subjects: [scored('NV', 80, 80), scored('NV', 80, 80)] })).toThrow(/twice/);
    expect(bad({ subjects: [{ code: 'NV', mode: 'scored' }] })).toThrow(/no term result/);
    expect(bad({ absentSessions: 1.5 })).toThrow(/whole number/);
  });

  it('builds THPT (grade 11): compulsory subjects then the electives, in the programme order', () => {
    const body = schoolRecordBody({
      ...grade8(),
      grade: 11,
      className: '11A1',
      subjects: [
        commented('AN'),
        scored('LY', 80, 86),
        ...['NV', 'TOAN', 'NN1', 'LS', 'GDQPAN'].map((c) => scored(c, 85, 88)),
        ...['HOA', 'TIN', 'SINH'].map((c) => scored(c, 90, 92)),
        ...['GDTC', 'HDTN', 'GDDP'].map(commented),
      ],
    });
    expect(body.level).toBe('Trung học phổ thông');
    expect((body.subjects as Array<{ code: string }>).map((s) => s.code)).toEqual([
      'NV',
      'TOAN',
      'NN1',
      'LS',
      'GDQPAN',
      'GDTC',
      'HDTN',
      'GDDP',
      'LY',
      'HOA',
      'SINH',
      'TIN',
      'AN',
    ]);
    // (8.0 + 17.2) / 3 = 8.4; every scored ≥ 8.0, 3 of 9 ≥ 9.0 (HOA, TIN, SINH: 9.1): Giỏi.
    expect((body.subjects as Array<{ code: string; year: string }>)[8]).toMatchObject({
      code: 'LY',
      year: '8.4',
    });
    expect(body.awards).toMatchObject({ items: ['Học sinh Giỏi', expect.any(String)] });
  });

  it('makes a correction (đính chính) a new version pointing at the signed one', () => {
    const v1 = buildSchoolRecord(grade8());
    const corrected = grade8();
    corrected.homeroomRemarks = 'Chăm chỉ, trung thực, tích cực tham gia phong trào của lớp.';
    const v2 = correctionOf(
      v1,
      recordHash(v1),
      schoolRecordBody(corrected),
      'Sửa nhận xét của GVCN',
    );
    expect(v2).toMatchObject({
      recordId: v1.recordId,
      version: 2,
      previous: { version: 1, hash: recordHash(v1), reason: 'Sửa nhận xét của GVCN' },
    });
    expect(recordHash(v2)).not.toBe(recordHash(v1));
  });

  describe('signed as a RecordDocument', () => {
    let pki: DemoPki;
    beforeAll(async () => {
      pki = await generateDemoPki(new Date('2026-01-01T00:00:00Z'));
    });

    it('signs with the three roles and verifies; a changed mark fails the payload check', async () => {
      const signer = new LocalKeySigner(
        pki.credentials.map((c) => ({
          identityId: c.identityId,
          privateKeyPem: c.privateKeyPem,
          chainPem: c.chain.map(toPem).join(''),
        })),
        () => new Date('2026-05-30T02:00:00Z'),
      );
      const doc = buildSchoolRecord(grade8());
      const jws = await signRecord(
        doc,
        (['homeroom-teacher', 'principal', 'school-seal'] as const).map((role) => ({
          signer,
          identity: { id: `${SCHOOL}/${role}`, role },
        })),
      );
      const options = {
        now: new Date('2026-06-01T08:00:00Z'),
        trustAnchors: [toPem(pki.vgcaRoot.cert), toPem(pki.publicCaRoot.cert)],
        registeredSigners: pki.credentials.map((c) => ({
          role: c.role,
          schoolId: c.schoolId,
          certificateSha256: c.fingerprint,
        })),
        revocation: new LocalRevocationList([]),
      };
      const ok = await verifyRecord(doc, jws, options);
      expect(ok.failures).toEqual([]);
      expect(ok.valid).toBe(true);
      expect(ok.recordHash).toBe(recordHash(doc));

      const tampered = JSON.parse(JSON.stringify(doc)) as RecordDocument;
      (tampered.body.subjects as Array<{ year: string }>)[1].year = '9.8';
      const bad = await verifyRecord(tampered, jws, options);
      expect(bad.valid).toBe(false);
      expect(bad.failures).toEqual([
        expect.objectContaining({ check: 'payload', failure: 'payload-mismatch' }),
      ]);
    });
  });
});

import { tenths } from '../../gradebook/domain/score';
import { buildSchoolRecord } from '../../shared/school-record/school-record-document';
import {
  graduationEligibility,
  vietnamDate,
  yearRecordInput,
  type LearnerYear,
} from './year-record';

const ctx = {
  school: { id: 'school-1', name: 'Trường THCS Hạ Long', province: 'Quảng Ninh' },
  schoolYear: '2025-2026',
  grade: 9 as const,
  className: '9A',
  signing: { place: 'Hạ Long', date: '2026-05-30', homeroomTeacher: 'GVCN', principal: 'HT' },
};
const learner = {
  studentId: 's1',
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '2011-03-02',
  gender: 'male' as const,
  ethnicity: 'Kinh',
  personalIdLast4: '1234',
};
// TOAN grade 9: 4 periods a week (140 a year) → 4 regular assessments per term.
const maths = (term: 1 | 2, end: string) => ({
  subjectCode: 'TOAN',
  term,
  cells: { regular: ['8', '7', '9', '8'], midTerm: '7', endOfTerm: end },
});
const pe = (term: 1 | 2, result: 'Đ' | 'CĐ') => ({
  subjectCode: 'GDTC',
  term,
  cells: { regular: [result, result], midTerm: result, endOfTerm: result },
});
const year = (over: Partial<LearnerYear> = {}): LearnerYear => ({
  studentId: 's1',
  learner,
  marks: [maths(1, '8'), maths(2, '9'), pe(1, 'Đ'), pe(2, 'Đ')],
  conduct: [
    { term: 1, level: 'good', absentSessions: 2, remarks: 'Chăm chỉ' },
    { term: 2, level: 'fair', absentSessions: 3, remarks: 'Tiến bộ rõ' },
  ],
  ...over,
});

describe('a learner’s year → the học bạ input', () => {
  it('takes each confirmed term result the gradebook’s way, the conduct, absences and remarks', () => {
    const r = yearRecordInput(ctx, year());
    if (!r.ok) throw new Error(JSON.stringify(r.missing));
    // ĐTBmhk I = (8+7+9+8 + 2·7 + 3·8) / 9 = 70/9 = 7.78 → 7.8; II = (32 + 14 + 27) / 9 = 8.1
    expect(r.input.subjects).toEqual([
      { code: 'GDTC', mode: 'commented', termI: 'pass', termII: 'pass' },
      { code: 'TOAN', mode: 'scored', termI: tenths(78), termII: tenths(81) },
    ]);
    expect(r.input.conduct).toEqual({ termI: 'good', termII: 'fair' });
    expect(r.input.absentSessions).toBe(5);
    expect(r.input.homeroomRemarks).toBe('Tiến bộ rõ');
    const doc = buildSchoolRecord(r.input);
    expect(doc.recordId).toBe('school-1/s1/2025-2026');
    // ĐTBmcn = (7.8 + 2·8.1) / 3 = 8.0
    const rows = doc.body.subjects as Array<{ code: string; year: string }>;
    // The programme's order: Toán before Giáo dục thể chất.
    expect(rows.map((s) => [s.code, s.year])).toEqual([
      ['TOAN', '8.0'],
      ['GDTC', 'Đ'],
    ]);
  });

  it('a subject taught in one term takes that term', () => {
    const r = yearRecordInput(ctx, year({ marks: [maths(2, '9'), pe(1, 'Đ'), pe(2, 'Đ')] }));
    expect(r.ok && r.input.subjects.find((s) => s.code === 'TOAN')).toEqual({
      code: 'TOAN',
      mode: 'scored',
      termII: tenths(81),
    });
  });

  it('lists everything missing: the identity, a term’s conduct, results', () => {
    const r = yearRecordInput(
      ctx,
      year({
        learner: undefined,
        conduct: [{ term: 1, level: 'good', absentSessions: 0, remarks: null }],
        marks: [
          {
            subjectCode: 'TOAN',
            term: 1,
            cells: { regular: ['8'], midTerm: null, endOfTerm: null },
          },
        ],
      }),
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.missing.map((m) => m.field)).toEqual([
      'learners.s1.identity',
      'learners.s1.conduct.termII',
      'learners.s1.TOAN.termI',
      'learners.s1.subjects',
    ]);
  });

  it('the signing date is Việt Nam’s calendar day', () => {
    expect(vietnamDate(new Date('2026-05-30T17:30:00Z'))).toBe('2026-05-31');
    expect(vietnamDate(new Date('2026-05-30T16:59:59Z'))).toBe('2026-05-30');
  });
});

describe('graduation eligibility from a signed record', () => {
  it('grade 9 and 12 only; promoted → eligible, retained → not, pending summer work', () => {
    expect(
      graduationEligibility({ class: { grade: 8 }, promotion: { outcome: 'promoted' } }),
    ).toBeUndefined();
    expect(
      graduationEligibility({ class: { grade: 9 }, promotion: { outcome: 'promoted' } }),
    ).toEqual({
      level: 'lower-secondary',
      outcome: 'eligible',
      reason: null,
    });
    expect(
      graduationEligibility({
        class: { grade: 12 },
        promotion: { outcome: 'retained', reasonCode: 'absences' },
      }),
    ).toEqual({ level: 'upper-secondary', outcome: 'not-eligible', reason: 'absences' });
    expect(
      graduationEligibility({ class: { grade: 12 }, promotion: { outcome: 'reassessment' } }),
    ).toEqual({ level: 'upper-secondary', outcome: 'pending', reason: 'reassessment' });
  });

  it('reads the document the builder makes', () => {
    const r = yearRecordInput(ctx, year());
    if (!r.ok) throw new Error('incomplete');
    // 2 subjects only: learning "Chưa đạt" (fewer than 6 scored subjects ≥ 5.0) → reassessment.
    expect(graduationEligibility(buildSchoolRecord(r.input).body)).toEqual({
      level: 'lower-secondary',
      outcome: 'pending',
      reason: 'reassessment',
    });
  });
});

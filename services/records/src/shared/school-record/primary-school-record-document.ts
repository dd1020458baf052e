/**
 * The học bạ of one primary learner (grades 1-5) for one school year, as the signed
 * `RecordDocument` body: shaped after the học bạ of Thông tư 27/2020/TT-BGDĐT (the subjects and
 * educational activities with the year's level, the end-of-year test mark and the teacher's
 * remark; the qualities and competencies with their levels; the evaluation of the year's education
 * results; awards; whether the learner completed the grade's (grade 5: primary school's)
 * programme; the homeroom teacher's remarks; the signatures).
 *
 * Pure, as the secondary document: JSON values only (levels as words, test marks as integers),
 * every string NFC. The rules are the gradebook's (`primaryYearEvaluation`, `primaryAward`,
 * `completesGrade`), applied here, never redone.
 */
import { findSubject, type Grade, PRIMARY_RULES } from '../../gradebook/domain/level-rules';
import {
  completesGrade,
  GENERAL_COMPETENCIES,
  primaryAward,
  primaryYearEvaluation,
  QUALITIES,
  QUALITY_LEVEL_VI,
  type QualityLevel,
  SPECIFIC_COMPETENCIES,
  SUBJECT_LEVEL_VI,
  type SubjectLevel,
  YEAR_EVALUATION_VI,
} from '../../gradebook/domain/primary';
import type { JsonObject } from '../signing/domain/canonical';
import { RECORD_SCHEMA, type RecordDocument } from '../signing/domain/record';
import {
  learnerBlock,
  placeAndDate,
  schoolRecordId,
  type SchoolRecordLearner,
} from './school-record-document';

export interface PrimarySchoolRecordSubject {
  code: string;
  /** The end-of-year level (cuối năm học). */
  level: SubjectLevel;
  /** The end-of-year periodic test mark, where the subject has one in the grade. */
  testScore?: number;
  remark?: string;
}

export interface PrimarySchoolRecordInput {
  learner: SchoolRecordLearner;
  school: { id: string; name: string; province: string };
  schoolYear: string;
  /** 1-5. */
  grade: Grade;
  className: string;
  subjects: PrimarySchoolRecordSubject[];
  /** End-of-year level of each of the 15 qualities and competencies (QUALITY_CODES). */
  qualities: Record<string, QualityLevel>;
  /** Học sinh Tiêu biểu: the class's recognition (a human judgement). */
  nominatedExemplary?: boolean;
  homeroomRemarks: string;
  signing: { place: string; date: string; homeroomTeacher: string; principal: string };
}

const QUALITY_NAMES: Readonly<Record<string, string>> = {
  yeuNuoc: 'Yêu nước',
  nhanAi: 'Nhân ái',
  chamChi: 'Chăm chỉ',
  trungThuc: 'Trung thực',
  trachNhiem: 'Trách nhiệm',
  tuChuTuHoc: 'Tự chủ và tự học',
  giaoTiepHopTac: 'Giao tiếp và hợp tác',
  giaiQuyetVanDeSangTao: 'Giải quyết vấn đề và sáng tạo',
  ngonNgu: 'Ngôn ngữ',
  tinhToan: 'Tính toán',
  khoaHoc: 'Khoa học',
  congNghe: 'Công nghệ',
  tinHoc: 'Tin học',
  thamMi: 'Thẩm mĩ',
  theChat: 'Thể chất',
};

const AWARD_VI = {
  excellentStudent: 'Học sinh Xuất sắc',
  exemplaryStudent: 'Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện',
} as const;

export const PRIMARY_RECORD_LABELS = {
  title: 'HỌC BẠ',
  level: 'Tiểu học',
  subjects: 'Các môn học và hoạt động giáo dục',
  subjectLevel: 'Mức đạt được',
  testScore: 'Điểm KTĐK',
  remark: 'Nhận xét',
  qualities: 'Những phẩm chất chủ yếu',
  generalCompetencies: 'Những năng lực cốt lõi: Năng lực chung',
  specificCompetencies: 'Những năng lực cốt lõi: Năng lực đặc thù',
  evaluation: 'Đánh giá kết quả giáo dục',
  awards: 'Khen thưởng',
  completion: 'Hoàn thành chương trình',
  homeroomRemarks: 'Nhận xét của giáo viên chủ nhiệm',
  homeroomTeacher: 'Giáo viên chủ nhiệm',
  principal: 'Hiệu trưởng',
} as const;

function nfc<T>(v: T): T {
  if (typeof v === 'string') return v.normalize('NFC') as T;
  if (Array.isArray(v)) return v.map(nfc) as T;
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nfc(x)])) as T;
  return v;
}

/**
 * The body of a primary học bạ of one school year. Throws on input the gradebook never produces:
 * a secondary grade, a subject not taught in the grade or given twice, a test mark where the
 * subject has none (or none where it has one), a quality or competency missing.
 */
export function primarySchoolRecordBody(input: PrimarySchoolRecordInput): JsonObject {
  if (input.grade < 1 || input.grade > 5)
    throw new RangeError(`grade ${input.grade}: not primary (Circular 22's học bạ applies)`);
  const seen = new Set<string>();
  for (const s of input.subjects) {
    const rule = findSubject(PRIMARY_RULES, s.code);
    if (!rule || rule.periodsByGrade[input.grade] === undefined)
      throw new RangeError(`subject ${s.code} is not taught in grade ${input.grade}`);
    if (seen.has(s.code)) throw new RangeError(`subject ${s.code} given twice`);
    seen.add(s.code);
    const tested = rule.endOfTermTestGrades.includes(input.grade);
    if (tested !== (s.testScore !== undefined))
      throw new RangeError(
        `subject ${s.code}: the end-of-year test mark ${tested ? 'is missing' : 'has no test'}`,
      );
  }
  const codes = [...QUALITIES, ...GENERAL_COMPETENCIES, ...SPECIFIC_COMPETENCIES];
  for (const c of codes)
    if (input.qualities[c] === undefined) throw new RangeError(`quality ${c} missing`);

  const subjects = PRIMARY_RULES.subjects
    .filter((r) => seen.has(r.code))
    .map((rule) => ({ rule, s: input.subjects.find((x) => x.code === rule.code)! }));
  const evaluation = primaryYearEvaluation({
    subjects: Object.fromEntries(subjects.map(({ s }) => [s.code, s.level])),
    qualities: input.qualities,
    endOfYearTests: Object.fromEntries(
      subjects.flatMap(({ s }) => (s.testScore === undefined ? [] : [[s.code, s.testScore]])),
    ),
  });
  const award = primaryAward(evaluation, input.nominatedExemplary === true);
  const done = completesGrade(evaluation);
  const programme = input.grade === 5 ? 'chương trình tiểu học' : `chương trình lớp ${input.grade}`;
  const qualityRows = (list: readonly string[]) =>
    list.map((code) => ({
      code,
      name: QUALITY_NAMES[code],
      level: QUALITY_LEVEL_VI[input.qualities[code]],
    }));

  return nfc({
    title: PRIMARY_RECORD_LABELS.title,
    level: PRIMARY_RECORD_LABELS.level,
    circular: PRIMARY_RULES.circular,
    learner: learnerBlock(input.learner),
    school: { id: input.school.id, name: input.school.name, province: input.school.province },
    schoolYear: input.schoolYear,
    class: { name: input.className, grade: input.grade },
    section: PRIMARY_RECORD_LABELS.subjects,
    columns: {
      level: PRIMARY_RECORD_LABELS.subjectLevel,
      testScore: PRIMARY_RECORD_LABELS.testScore,
      remark: PRIMARY_RECORD_LABELS.remark,
    },
    subjects: subjects.map(({ rule, s }) => ({
      code: rule.code,
      name: rule.name,
      level: SUBJECT_LEVEL_VI[s.level],
      testScore: s.testScore ?? null,
      remark: s.remark ?? null,
    })),
    qualities: { label: PRIMARY_RECORD_LABELS.qualities, items: qualityRows(QUALITIES) },
    generalCompetencies: {
      label: PRIMARY_RECORD_LABELS.generalCompetencies,
      items: qualityRows(GENERAL_COMPETENCIES),
    },
    specificCompetencies: {
      label: PRIMARY_RECORD_LABELS.specificCompetencies,
      items: qualityRows(SPECIFIC_COMPETENCIES),
    },
    evaluation: {
      label: PRIMARY_RECORD_LABELS.evaluation,
      code: evaluation,
      text: YEAR_EVALUATION_VI[evaluation],
    },
    awards: { label: PRIMARY_RECORD_LABELS.awards, items: award ? [AWARD_VI[award]] : [] },
    // The same box as the secondary học bạ's promotion, so readers of both find it in one place.
    promotion: {
      label: PRIMARY_RECORD_LABELS.completion,
      outcome: done ? 'promoted' : 'retained',
      text: done ? `Hoàn thành ${programme}` : `Chưa hoàn thành ${programme}`,
    },
    homeroomRemarks: { label: PRIMARY_RECORD_LABELS.homeroomRemarks, text: input.homeroomRemarks },
    signatures: {
      placeAndDate: placeAndDate(input.signing),
      date: input.signing.date,
      homeroomTeacher: {
        title: PRIMARY_RECORD_LABELS.homeroomTeacher,
        name: input.signing.homeroomTeacher,
      },
      principal: { title: PRIMARY_RECORD_LABELS.principal, name: input.signing.principal },
    },
  }) as JsonObject;
}

/** The first version of a primary học bạ of a school year, ready to sign. */
export function buildPrimarySchoolRecord(input: PrimarySchoolRecordInput): RecordDocument {
  return {
    schema: RECORD_SCHEMA,
    recordId: schoolRecordId(input.school.id, input.learner.studentId, input.schoolYear),
    learnerId: input.learner.studentId,
    schoolId: input.school.id,
    schoolYear: input.schoolYear,
    version: 1,
    previous: null,
    body: primarySchoolRecordBody(input),
  };
}

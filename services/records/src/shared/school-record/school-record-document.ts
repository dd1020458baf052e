/**
 * The học bạ (digital school record) of one learner for one school year, lower and upper
 * secondary (THCS, THPT), as the signed `RecordDocument` body: shaped after the Ministry's học bạ
 * under Thông tư 22/2021/TT-BGDĐT, page "KẾT QUẢ HỌC TẬP VÀ RÈN LUYỆN" of the year (subject rows
 * with Học kì I, Học kì II, Cả năm and the summer re-assessment; Kết quả học tập and Kết quả rèn
 * luyện per term and year; the absences; lên lớp or not; khen thưởng; the homeroom teacher's
 * remarks; the signatures of the homeroom teacher and the principal).
 *
 * Pure: no Nest, no database, no clock. Every value is JSON (scores are strings with one decimal,
 * "7.6", never floats, so the RFC 8785 canonical bytes and the record hash are stable), every
 * string NFC. The grading rules are the gradebook's (src/gradebook/domain), applied here, never
 * redone: ĐTBmcn by `yearAverage`, commented subjects' year by `commentedYearResult`, the levels
 * by `learningLevel` and `conductYearLevel`, lên lớp by `promotionDecision`, awards by `yearAward`.
 */
import { isIsoDate } from '@qn/contracts';
import {
  findSubject,
  type Grade,
  levelOfGrade,
  LOWER_SECONDARY_RULES,
  type SecondaryLevelRules,
  type SecondarySubjectRule,
  UPPER_SECONDARY_RULES,
} from '../../gradebook/domain/level-rules';
import { type Tenths } from '../../gradebook/domain/score';
import {
  applyReassessment,
  commentedYearResult,
  conductYearLevel,
  learningLevel,
  type PassFail,
  promotionDecision,
  type PromotionDecision,
  SECONDARY_LEVEL_VI,
  type SecondaryLevel,
  type SubjectOutcome,
  yearAverage,
  yearAward,
} from '../../gradebook/domain/secondary';
import type { JsonObject, JsonValue } from '../signing/domain/canonical';
import { RECORD_SCHEMA, type RecordDocument } from '../signing/domain/record';

// ------------------------------------------------------------------------------ input

/** The learner as records knows them (src/learners: enrollment's register, the latest identity). */
export interface SchoolRecordLearner {
  studentId: string;
  fullName: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  gender: 'male' | 'female' | null;
  ethnicity: string | null;
  personalIdLast4: string | null;
}

/** One subject's results in the year. Term results absent: the subject is not taught that term. */
export type SchoolRecordSubject =
  | {
      code: string;
      mode: 'scored';
      /** ĐTBmhk I and II, as the gradebook recorded them (rounded). */
      termI?: Tenths;
      termII?: Tenths;
      /** The summer re-assessment's score (Điều 14), when the subject was re-assessed. */
      reassessment?: Tenths;
      /** The subject teacher's remark (nhận xét sự tiến bộ, ưu điểm nổi bật, hạn chế chủ yếu). */
      remark?: string;
      /** The subject teacher who signs the row. */
      teacher?: string;
    }
  | {
      code: string;
      mode: 'commented';
      termI?: PassFail;
      termII?: PassFail;
      reassessment?: PassFail;
      remark?: string;
      teacher?: string;
    };

export interface SchoolRecordInput {
  learner: SchoolRecordLearner;
  school: { id: string; name: string; province: string };
  /** e.g. "2025-2026". */
  schoolYear: string;
  /** 6-12: THCS and THPT (primary has its own học bạ, Thông tư 27). */
  grade: Grade;
  className: string;
  /** The learner's subjects (any order: the document lists them in the programme's order). */
  subjects: SchoolRecordSubject[];
  /** Kết quả rèn luyện of each term (the homeroom teacher's judgement); after summer training, if any. */
  conduct: { termI: SecondaryLevel; termII: SecondaryLevel; afterSummerTraining?: SecondaryLevel };
  /** Sessions (buổi) missed in the year, excused or not. */
  absentSessions: number;
  /** Commendations beyond Điều 15's (the principal's decisions), as printed. */
  otherAwards?: string[];
  /** Nhận xét của giáo viên chủ nhiệm. */
  homeroomRemarks: string;
  /** Who signs and where, when: "Hạ Long, ngày 30 tháng 5 năm 2026". */
  signing: { place: string; date: string; homeroomTeacher: string; principal: string };
}

// ---------------------------------------------------------------------------- labels

/** The template's wording (NFC), one place. */
export const SCHOOL_RECORD_LABELS = {
  title: 'HỌC BẠ',
  section: 'KẾT QUẢ HỌC TẬP VÀ RÈN LUYỆN',
  subjectColumn: 'Môn học và hoạt động giáo dục',
  termI: 'Học kì I',
  termII: 'Học kì II',
  year: 'Cả năm',
  reassessment: 'Điểm hoặc mức đánh giá lại (nếu có)',
  subjectRemark:
    'Nhận xét sự tiến bộ, ưu điểm nổi bật, hạn chế chủ yếu và chữ kí của giáo viên môn học',
  learning: 'Kết quả học tập',
  conduct: 'Kết quả rèn luyện',
  absences: 'Tổng số buổi nghỉ học cả năm học',
  promotion: 'Được lên lớp hoặc không được lên lớp',
  summer: 'Kết quả đánh giá lại môn học, rèn luyện trong kì nghỉ hè',
  awards: 'Khen thưởng',
  homeroomRemarks: 'Nhận xét của giáo viên chủ nhiệm',
  homeroomTeacher: 'Giáo viên chủ nhiệm',
  homeroomTeacherSigns: '(Kí và ghi rõ họ tên)',
  principal: 'Hiệu trưởng',
  principalSigns: '(Kí, ghi rõ họ tên và đóng dấu)',
} as const;

const LEVEL_NAME = {
  lowerSecondary: 'Trung học cơ sở',
  upperSecondary: 'Trung học phổ thông',
} as const;

const GENDER_VI = { male: 'Nam', female: 'Nữ' } as const;
/** Commented subjects as the học bạ prints them. */
const PASS_FAIL_MARK: Readonly<Record<PassFail, string>> = { pass: 'Đ', fail: 'CĐ' };

const AWARD_VI = { excellentStudent: 'Học sinh Xuất sắc', goodStudent: 'Học sinh Giỏi' } as const;

/** The four outcomes of the template's promotion box, and why. */
function promotionOf(d: PromotionDecision, grade: Grade): JsonObject {
  const finalGrade = grade === 9 || grade === 12;
  switch (d.outcome) {
    case 'promoted':
      return {
        outcome: 'promoted',
        text: finalGrade
          ? `Hoàn thành chương trình ${grade === 9 ? 'trung học cơ sở' : 'trung học phổ thông'}`
          : 'Được lên lớp',
      };
    case 'retained':
      return {
        outcome: 'retained',
        text: finalGrade
          ? `Không hoàn thành chương trình ${grade === 9 ? 'trung học cơ sở' : 'trung học phổ thông'}`
          : 'Không được lên lớp',
        reasonCode: d.reason,
        reason: {
          absences: 'Nghỉ quá 45 buổi trong năm học',
          conduct: 'Kết quả rèn luyện sau rèn luyện trong kì nghỉ hè: Chưa đạt',
          learning: 'Kết quả học tập sau kiểm tra, đánh giá lại: Chưa đạt',
        }[d.reason],
      };
    case 'pending':
      return d.next === 'summerConductTraining'
        ? { outcome: 'summer-conduct-training', text: 'Rèn luyện trong kì nghỉ hè' }
        : { outcome: 'reassessment', text: 'Kiểm tra lại' };
  }
}

// ---------------------------------------------------------------------------- builder

/** Score as the document carries it: one decimal, a point ("7.6", "8.0", "10.0"). */
export const scoreText = (t: Tenths): string => `${Math.trunc(t / 10)}.${t % 10}`;

const rulesOf = (grade: Grade): SecondaryLevelRules => {
  const level = levelOfGrade(grade);
  if (level === 'primary')
    throw new RangeError(`grade ${grade}: primary học bạ follows Thông tư 27, not this document`);
  return level === 'lowerSecondary' ? LOWER_SECONDARY_RULES : UPPER_SECONDARY_RULES;
};

const text = (v: number | string | PassFail | undefined, mode: 'scored' | 'commented') =>
  v === undefined
    ? null
    : mode === 'scored'
      ? scoreText(v as Tenths)
      : PASS_FAIL_MARK[v as PassFail];

/** Every string NFC, every key kept: what is signed is what a verifier re-normalises to. */
function nfc(v: JsonValue): JsonValue {
  if (typeof v === 'string') return v.normalize('NFC');
  if (Array.isArray(v)) return v.map(nfc);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.normalize('NFC'), nfc(x)]));
  return v;
}

/** The learner as both học bạ (Circular 22 and 27) print them at the head. */
export const learnerBlock = (l: SchoolRecordLearner): JsonObject => ({
  studentId: l.studentId,
  fullName: l.fullName,
  dateOfBirth: l.dateOfBirth,
  gender: l.gender === null ? null : GENDER_VI[l.gender],
  ethnicity: l.ethnicity,
  personalIdLast4: l.personalIdLast4,
});

/** "Hạ Long, ngày 30 tháng 5 năm 2026": the place and date line above the signatures. */
export function placeAndDate(signing: { place: string; date: string }): string {
  if (!isIsoDate(signing.date)) throw new RangeError('signing.date must be YYYY-MM-DD');
  const [y, m, d] = signing.date.split('-').map(Number);
  return `${signing.place}, ngày ${d} tháng ${m} năm ${y}`;
}

/** `recordId` of a learner's record at a school for a year: the same in every version. */
export const schoolRecordId = (schoolId: string, studentId: string, schoolYear: string) =>
  `${schoolId}/${studentId}/${schoolYear}`;

/**
 * The body of the học bạ page of one school year. Throws (RangeError, TypeError) on input the
 * gradebook would never produce: a primary grade, an unknown subject or one not taught in the
 * grade, a subject twice, a score on a commented subject or Đ/CĐ on a scored one, a subject with
 * no term result, a negative or fractional absence count.
 */
export function schoolRecordBody(input: SchoolRecordInput): JsonObject {
  const rules = rulesOf(input.grade);
  if (!Number.isInteger(input.absentSessions) || input.absentSessions < 0)
    throw new RangeError('absentSessions must be a whole number from 0');
  const byCode = new Map<string, SchoolRecordSubject>();
  for (const s of input.subjects) {
    const rule = findSubject(rules, s.code);
    if (!rule || rule.periodsByGrade[input.grade] === undefined)
      throw new RangeError(`subject ${s.code} is not taught in grade ${input.grade}`);
    if (rule.mode !== s.mode)
      throw new TypeError(`subject ${s.code} is ${rule.mode}, given ${s.mode} results`);
    if (byCode.has(s.code)) throw new RangeError(`subject ${s.code} given twice`);
    if (s.termI === undefined && s.termII === undefined)
      throw new RangeError(`subject ${s.code} has no term result`);
    byCode.set(s.code, s);
  }
  // The programme's order (the Ministry's template lists the subjects in it).
  const subjects: Array<{ rule: SecondarySubjectRule; s: SchoolRecordSubject }> = rules.subjects
    .filter((r) => byCode.has(r.code))
    .map((rule) => ({ rule, s: byCode.get(rule.code)! }));

  const outcome = (s: SchoolRecordSubject, term: 'termI' | 'termII'): SubjectOutcome[] => {
    const v = s[term];
    if (v === undefined) return [];
    return s.mode === 'scored'
      ? [{ code: s.code, mode: 'scored', average: v as Tenths }]
      : [{ code: s.code, mode: 'commented', result: v as PassFail }];
  };
  const yearOf = (s: SchoolRecordSubject): SubjectOutcome =>
    s.mode === 'scored'
      ? { code: s.code, mode: 'scored', average: yearAverage(s.termI, s.termII) }
      : { code: s.code, mode: 'commented', result: commentedYearResult(s.termI, s.termII) };

  const termI = learningLevel(subjects.flatMap(({ s }) => outcome(s, 'termI')));
  const termII = learningLevel(subjects.flatMap(({ s }) => outcome(s, 'termII')));
  const yearOutcomes = subjects.map(({ s }) => yearOf(s));
  const year = learningLevel(yearOutcomes);
  const retakes = Object.fromEntries(
    subjects.flatMap(({ s }) => (s.reassessment === undefined ? [] : [[s.code, s.reassessment]])),
  ) as Record<string, Tenths | PassFail>;
  const reassessed = Object.keys(retakes).length > 0;
  const afterReassessment = reassessed
    ? learningLevel(applyReassessment(yearOutcomes, retakes))
    : undefined;

  const conductYear = conductYearLevel(input.conduct.termI, input.conduct.termII);
  const decision = promotionDecision({
    yearConduct: conductYear,
    yearLearning: year.level,
    absentSessions: input.absentSessions,
    conductAfterSummer: input.conduct.afterSummerTraining,
    learningAfterReassessment: afterReassessment?.level,
  });
  const award = yearAward(conductYear, year.level, yearOutcomes);
  const nameOf = (code: string) => findSubject(rules, code)!.name;
  const level = (l: SecondaryLevel) => SECONDARY_LEVEL_VI[l];

  const body: JsonObject = {
    title: SCHOOL_RECORD_LABELS.title,
    level: LEVEL_NAME[rules.level],
    circular: rules.circular,
    learner: learnerBlock(input.learner),
    school: { id: input.school.id, name: input.school.name, province: input.school.province },
    schoolYear: input.schoolYear,
    class: { name: input.className, grade: input.grade },
    section: SCHOOL_RECORD_LABELS.section,
    columns: {
      subject: SCHOOL_RECORD_LABELS.subjectColumn,
      termI: SCHOOL_RECORD_LABELS.termI,
      termII: SCHOOL_RECORD_LABELS.termII,
      year: SCHOOL_RECORD_LABELS.year,
      reassessment: SCHOOL_RECORD_LABELS.reassessment,
      remark: SCHOOL_RECORD_LABELS.subjectRemark,
    },
    subjects: subjects.map(({ rule, s }, i) => ({
      code: rule.code,
      name: rule.name,
      mode: rule.mode,
      termI: text(s.termI, s.mode),
      termII: text(s.termII, s.mode),
      year:
        s.mode === 'scored'
          ? scoreText((yearOutcomes[i] as { average: Tenths }).average)
          : PASS_FAIL_MARK[(yearOutcomes[i] as { result: PassFail }).result],
      reassessment: text(s.reassessment, s.mode),
      remark: s.remark ?? null,
      teacher: s.teacher ?? null,
    })),
    learningResult: {
      label: SCHOOL_RECORD_LABELS.learning,
      termI: level(termI.level),
      termII: level(termII.level),
      year: level(year.level),
      // Điều 9.3: raised one level because of one subject (named).
      yearAdjustedBecauseOf:
        year.adjustedBecauseOf === undefined ? null : nameOf(year.adjustedBecauseOf),
      afterReassessment: afterReassessment ? level(afterReassessment.level) : null,
    },
    conductResult: {
      label: SCHOOL_RECORD_LABELS.conduct,
      termI: level(input.conduct.termI),
      termII: level(input.conduct.termII),
      year: level(conductYear),
      afterSummerTraining:
        input.conduct.afterSummerTraining === undefined
          ? null
          : level(input.conduct.afterSummerTraining),
    },
    absences: { label: SCHOOL_RECORD_LABELS.absences, sessions: input.absentSessions },
    promotion: { label: SCHOOL_RECORD_LABELS.promotion, ...promotionOf(decision, input.grade) },
    awards: {
      label: SCHOOL_RECORD_LABELS.awards,
      items: [...(award ? [AWARD_VI[award]] : []), ...(input.otherAwards ?? [])],
    },
    homeroomRemarks: { label: SCHOOL_RECORD_LABELS.homeroomRemarks, text: input.homeroomRemarks },
    signatures: {
      placeAndDate: placeAndDate(input.signing),
      date: input.signing.date,
      homeroomTeacher: {
        title: SCHOOL_RECORD_LABELS.homeroomTeacher,
        note: SCHOOL_RECORD_LABELS.homeroomTeacherSigns,
        name: input.signing.homeroomTeacher,
      },
      principal: {
        title: SCHOOL_RECORD_LABELS.principal,
        note: SCHOOL_RECORD_LABELS.principalSigns,
        name: input.signing.principal,
      },
    },
  };
  return nfc(body) as JsonObject;
}

/**
 * The first version of the học bạ of a school year, ready to sign (`signRecord`). A correction
 * (đính chính) is `correctionOf(previous, previousHash, schoolRecordBody(corrected), reason)`.
 */
export function buildSchoolRecord(input: SchoolRecordInput): RecordDocument {
  const learnerId = input.learner.studentId;
  return {
    schema: RECORD_SCHEMA,
    recordId: schoolRecordId(input.school.id, learnerId, input.schoolYear),
    learnerId,
    schoolId: input.school.id,
    schoolYear: input.schoolYear,
    version: 1,
    previous: null,
    body: schoolRecordBody(input),
  };
}

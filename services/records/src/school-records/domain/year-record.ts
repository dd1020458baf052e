/**
 * From what the gradebook holds for a learner's school year (confirmed term marks, conduct,
 * absences, remarks, the learner's identity) to the input of their học bạ
 * (`SchoolRecordInput`), or the list of what is missing. Pure: the use case loads the rows.
 */
import { findSubject, type Grade, PRIMARY_RULES } from '../../gradebook/domain/level-rules';
import {
  hasPeriodicTest,
  type QualityLevel,
  type SubjectLevel,
} from '../../gradebook/domain/primary';
import { QUALITY_CODES } from '../../gradebook/domain/primary-assessments';
import type { SecondaryLevel } from '../../gradebook/domain/secondary';
import {
  secondaryRulesFor,
  storedTermResult,
  type StoredTermMarks,
} from '../../gradebook/domain/term-marks';
import type {
  SchoolRecordInput,
  SchoolRecordLearner,
  SchoolRecordSubject,
} from '../../shared/school-record/school-record-document';
import type {
  PrimarySchoolRecordInput,
  PrimarySchoolRecordSubject,
} from '../../shared/school-record/primary-school-record-document';

/** One confirmed subject term of the learner (from whichever class of the school they were in). */
export interface ConfirmedTermMarks {
  subjectCode: string;
  term: 1 | 2;
  cells: StoredTermMarks;
}

export interface TermConduct {
  term: 1 | 2;
  level: SecondaryLevel;
  absentSessions: number;
  remarks: string | null;
}

export interface LearnerYear {
  studentId: string;
  learner?: SchoolRecordLearner;
  marks: ConfirmedTermMarks[];
  conduct: TermConduct[];
}

/** The class and school the records are issued for, and the signature line. */
export interface YearRecordContext {
  school: { id: string; name: string; province: string };
  schoolYear: string;
  grade: Grade;
  className: string;
  signing: { place: string; date: string; homeroomTeacher: string; principal: string };
}

export interface MissingPart {
  /** `learners.<studentId>.identity`, `.conduct.termI`, `.subjects`, `.<subject>.termII`... */
  field: string;
  message: string;
}

/**
 * The học bạ input of one learner, or what is missing: the identity (enrollment has not published
 * it yet), the conduct of a term, every subject result. A subject with a result in one term only
 * is taught in that term (the year takes that term's result).
 */
export function yearRecordInput(
  ctx: YearRecordContext,
  year: LearnerYear,
): { ok: true; input: SchoolRecordInput } | { ok: false; missing: MissingPart[] } {
  const at = `learners.${year.studentId}`;
  const missing: MissingPart[] = [];
  const rules = secondaryRulesFor(ctx.grade);
  if (!rules.ok) throw new RangeError(`grade ${ctx.grade}: primary records follow Circular 27`);
  if (!year.learner)
    missing.push({
      field: `${at}.identity`,
      message: 'enrollment has not published who this learner is',
    });
  const conductOf = (term: 1 | 2) => year.conduct.find((c) => c.term === term);
  for (const term of [1, 2] as const)
    if (!conductOf(term))
      missing.push({
        field: `${at}.conduct.${term === 1 ? 'termI' : 'termII'}`,
        message: 'no conduct level recorded for the term',
      });

  const subjects = new Map<string, SchoolRecordSubject>();
  for (const m of [...year.marks].sort((a, b) => a.subjectCode.localeCompare(b.subjectCode))) {
    const rule = findSubject(rules.rules, m.subjectCode);
    if (!rule) continue; // not a subject of the level: the gradebook never confirms one
    const result = storedTermResult(rules.rules, ctx.grade, m.subjectCode, m.cells);
    if (result === undefined) {
      missing.push({
        field: `${at}.${m.subjectCode}.${m.term === 1 ? 'termI' : 'termII'}`,
        message: 'confirmed marks without a term result',
      });
      continue;
    }
    const s =
      subjects.get(m.subjectCode) ??
      ({ code: m.subjectCode, mode: rule.mode } as SchoolRecordSubject);
    (s as Record<string, unknown>)[m.term === 1 ? 'termI' : 'termII'] = result;
    subjects.set(m.subjectCode, s);
  }
  if (subjects.size === 0)
    missing.push({ field: `${at}.subjects`, message: 'no confirmed subject results this year' });
  if (missing.length) return { ok: false, missing };

  const termI = conductOf(1)!;
  const termII = conductOf(2)!;
  return {
    ok: true,
    input: {
      learner: year.learner!,
      school: ctx.school,
      schoolYear: ctx.schoolYear,
      grade: ctx.grade,
      className: ctx.className,
      subjects: [...subjects.values()],
      conduct: { termI: termI.level, termII: termII.level },
      absentSessions: termI.absentSessions + termII.absentSessions,
      // The year's remarks: the homeroom teacher's at the end of the year (term II).
      homeroomRemarks: termII.remarks ?? termI.remarks ?? '',
      signing: ctx.signing,
    },
  };
}

/**
 * The date a Vietnamese document prints (Asia/Ho_Chi_Minh, UTC+7 all year): YYYY-MM-DD.
 */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export type GraduationLevel = 'lower-secondary' | 'upper-secondary';
export interface GraduationEligibility {
  level: GraduationLevel;
  outcome: 'eligible' | 'not-eligible' | 'pending';
  reason: 'absences' | 'conduct' | 'learning' | 'reassessment' | 'summer-conduct-training' | null;
}

/**
 * What a signed học bạ of grade 9 or 12 says about the level's programme (the promotion box:
 * "Hoàn thành chương trình …" or not, or still pending summer re-assessment or conduct training);
 * undefined for other grades.
 */
export function graduationEligibility(body: {
  class?: unknown;
  promotion?: unknown;
}): GraduationEligibility | undefined {
  const grade = (body.class as { grade?: number } | undefined)?.grade;
  if (grade !== 9 && grade !== 12) return undefined;
  const level: GraduationLevel = grade === 9 ? 'lower-secondary' : 'upper-secondary';
  const p = body.promotion as { outcome?: string; reasonCode?: string } | undefined;
  switch (p?.outcome) {
    case 'promoted':
      return { level, outcome: 'eligible', reason: null };
    case 'retained':
      return {
        level,
        outcome: 'not-eligible',
        reason: (p.reasonCode as GraduationEligibility['reason']) ?? 'learning',
      };
    case 'summer-conduct-training':
      return { level, outcome: 'pending', reason: 'summer-conduct-training' };
    default:
      return { level, outcome: 'pending', reason: 'reassessment' };
  }
}

/** What a primary learner's year holds at its end (term 2's `end` checkpoint, confirmed). */
export interface PrimaryLearnerYear {
  studentId: string;
  learner?: SchoolRecordLearner;
  subjects: Array<{
    subjectCode: string;
    level: string;
    testScore: number | null;
    comment: string | null;
  }>;
  /** The 15 quality and competency levels as stored (T / Đ / C). */
  qualities?: Record<string, string>;
}

const SUBJECT_LEVEL_OF: Readonly<Record<string, SubjectLevel>> = {
  T: 'completedWell',
  H: 'completed',
  C: 'notCompleted',
};
const QUALITY_LEVEL_OF: Readonly<Record<string, QualityLevel>> = {
  T: 'good',
  Đ: 'pass',
  C: 'needsEffort',
};

/**
 * The primary học bạ input of one learner (Circular 27: the end-of-year checkpoint of each
 * confirmed subject and of the qualities), or what is missing.
 */
export function primaryYearRecordInput(
  ctx: YearRecordContext,
  year: PrimaryLearnerYear,
): { ok: true; input: PrimarySchoolRecordInput } | { ok: false; missing: MissingPart[] } {
  const at = `learners.${year.studentId}`;
  const missing: MissingPart[] = [];
  if (!year.learner)
    missing.push({
      field: `${at}.identity`,
      message: 'enrollment has not published who this learner is',
    });
  const qualities: Record<string, QualityLevel> = {};
  for (const code of QUALITY_CODES) {
    const level = QUALITY_LEVEL_OF[year.qualities?.[code] ?? ''];
    if (level) qualities[code] = level;
  }
  if (Object.keys(qualities).length !== QUALITY_CODES.length)
    missing.push({ field: `${at}.qualities`, message: 'the end-of-year qualities are incomplete' });
  const subjects: PrimarySchoolRecordSubject[] = [];
  for (const s of [...year.subjects].sort((a, b) => a.subjectCode.localeCompare(b.subjectCode))) {
    const rule = findSubject(PRIMARY_RULES, s.subjectCode);
    const level = SUBJECT_LEVEL_OF[s.level];
    if (!rule || !level) continue;
    const tested = hasPeriodicTest(rule, ctx.grade, 'endOfYear');
    if (tested && s.testScore === null) {
      missing.push({
        field: `${at}.${s.subjectCode}.testScore`,
        message: 'the end-of-year test is not marked',
      });
      continue;
    }
    subjects.push({
      code: s.subjectCode,
      level,
      ...(tested ? { testScore: s.testScore! } : {}),
      ...(s.comment ? { remark: s.comment } : {}),
    });
  }
  if (!subjects.length)
    missing.push({
      field: `${at}.subjects`,
      message: 'no confirmed subject at the end of the year',
    });
  if (missing.length) return { ok: false, missing };
  return {
    ok: true,
    input: {
      learner: year.learner!,
      school: ctx.school,
      schoolYear: ctx.schoolYear,
      grade: ctx.grade,
      className: ctx.className,
      subjects,
      qualities,
      homeroomRemarks: '',
      signing: ctx.signing,
    },
  };
}

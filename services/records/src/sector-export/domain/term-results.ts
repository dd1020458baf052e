/**
 * What records sends the sector database of a class's term (pure: no Nest, no database, no
 * clock). Secondary (Circular 22): each learner's term result per subject as the gradebook
 * computes it from the stored, confirmed cells (`storedTermResult`), the term's conduct, and the
 * term's learning level (Điều 9) when every subject has its result. Primary (Circular 27): each
 * subject's level and periodic test mark at the term's end checkpoint, and the qualities' and
 * competencies' levels there. Ids and results only: never a name.
 */
import { findSubject, PRIMARY_RULES, type Grade } from '../../gradebook/domain/level-rules';
import { hasPeriodicTest } from '../../gradebook/domain/primary';
import { checkpointOf, QUALITY_CODES } from '../../gradebook/domain/primary-assessments';
import { formatScore, type Tenths } from '../../gradebook/domain/score';
import { learningLevel, type SubjectOutcome } from '../../gradebook/domain/secondary';
import {
  secondaryRulesFor,
  storedTermResult,
  type StoredTermMarks,
} from '../../gradebook/domain/term-marks';
import type {
  PrimaryQualityLevel,
  PrimarySubjectLevel,
  PrimaryTermResultRecord,
  SecondaryTermResultRecord,
  TermConduct,
} from '../../shared/sector-database/records-sector-database';

/** "2025-2026" and 1 → "2025-2026-HK1". */
export function termCode(schoolYear: string, term: 1 | 2): string {
  return `${schoolYear}-HK${term}`;
}

/** A term as a URL names it: "1", "2", "HK1", "HK2" (any case); undefined otherwise. */
export function parseTermParam(raw: string): 1 | 2 | undefined {
  const m = /^(?:HK)?([12])$/i.exec(raw.trim());
  return m ? (Number(m[1]) as 1 | 2) : undefined;
}

export const SCHOOL_YEAR = /^(\d{4})-(\d{4})$/;

/** "2025-2026" with consecutive years. */
export function isSchoolYear(raw: string): boolean {
  const m = SCHOOL_YEAR.exec(raw);
  return !!m && Number(m[2]) === Number(m[1]) + 1;
}

export interface LearnerTermInput {
  studentId: string;
  classId: string;
  grade: number;
  /** The subjects the class's term covered (class_term.subject_codes). */
  subjectCodes: readonly string[];
  /** The learner's stored cells by subject code (confirmed subjects only). */
  cells: ReadonlyMap<string, StoredTermMarks>;
  conduct: TermConduct | null;
}

/**
 * One learner's record. A subject without a result (no cells, or cells the rules do not turn
 * into one) is left out, and then no learning level is given; a learner without conduct is sent
 * with what the gradebook has and the sector database judges it (never in a confirmed secondary
 * term). Throws `RangeError` for a primary grade: its results are levels (Circular 27).
 */
export function learnerTermRecord(input: LearnerTermInput): SecondaryTermResultRecord {
  const rules = secondaryRulesFor(input.grade);
  if (!rules.ok) throw new RangeError(`grade ${input.grade} is not assessed by Circular 22`);
  const subjects: SecondaryTermResultRecord['subjects'] = [];
  const outcomes: SubjectOutcome[] = [];
  for (const code of [...input.subjectCodes].sort()) {
    const cells = input.cells.get(code);
    const result = cells && storedTermResult(rules.rules, input.grade, code, cells);
    if (result === undefined) continue;
    if (typeof result === 'number') {
      subjects.push({ code, result: formatScore(result as Tenths) });
      outcomes.push({ code, mode: 'scored', average: result as Tenths });
    } else {
      subjects.push({ code, result: result === 'pass' ? 'Đ' : 'CĐ' });
      outcomes.push({ code, mode: 'commented', result });
    }
  }
  const complete = subjects.length > 0 && subjects.length === input.subjectCodes.length;
  return {
    ref: input.studentId,
    classId: input.classId,
    grade: input.grade,
    subjects,
    conduct: input.conduct as TermConduct,
    ...(complete ? { learningLevel: learningLevel(outcomes).level } : {}),
  };
}

/** Grades 1-5: assessed by Circular 27 (levels), exported as primary records. */
export const isPrimaryGrade = (grade: number): boolean =>
  Number.isInteger(grade) && grade >= 1 && grade <= 5;

export interface PrimaryLearnerTermInput {
  studentId: string;
  classId: string;
  grade: number;
  term: 1 | 2;
  /** The subjects the class's term covered (class_term.subject_codes). */
  subjectCodes: readonly string[];
  /** The learner's stored assessments at the term's `end` checkpoint by subject code (confirmed subjects only). */
  assessments: ReadonlyMap<string, { level: string; testScore: number | null }>;
  /** The learner's stored quality and competency levels at the term's `end` checkpoint, or null. */
  qualities: Readonly<Record<string, string>> | null;
}

/**
 * One primary learner's record of a term, as of its end checkpoint (term 1: cuối HK I; term 2:
 * cuối năm học): per subject of the term (by code) the stored level, and the test mark where the
 * subject has a periodic test at that checkpoint (`hasPeriodicTest`) and one is stored; a subject
 * without an assessment is left out. The qualities and competencies in the circular's order
 * (`QUALITY_CODES`), the ones not stored left out (the sector database judges it; never in a
 * confirmed term). No conduct: primary classes have none. Throws `RangeError` for a secondary
 * grade.
 */
export function primaryLearnerTermRecord(input: PrimaryLearnerTermInput): PrimaryTermResultRecord {
  if (!isPrimaryGrade(input.grade))
    throw new RangeError(`grade ${input.grade} is not assessed by Circular 27`);
  const checkpoint = checkpointOf(input.term, 'end');
  const subjects: PrimaryTermResultRecord['subjects'] = [];
  for (const code of [...input.subjectCodes].sort()) {
    const a = input.assessments.get(code);
    if (!a) continue;
    const rule = findSubject(PRIMARY_RULES, code);
    const tested = !!rule && hasPeriodicTest(rule, input.grade as Grade, checkpoint);
    subjects.push({
      code,
      level: a.level as PrimarySubjectLevel,
      ...(tested && a.testScore !== null && a.testScore !== undefined
        ? { testScore: a.testScore }
        : {}),
    });
  }
  const qualities: Record<string, PrimaryQualityLevel> = {};
  for (const code of QUALITY_CODES) {
    const level = input.qualities?.[code];
    if (level !== undefined) qualities[code] = level as PrimaryQualityLevel;
  }
  return {
    kind: 'primary',
    ref: input.studentId,
    classId: input.classId,
    grade: input.grade,
    subjects,
    qualities,
  };
}

/** Records in batches of at most `max`, in order. */
export function inBatches<T>(records: readonly T[], max: number): T[][] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError('a batch holds at least one record');
  const out: T[][] = [];
  for (let i = 0; i < records.length; i += max) out.push(records.slice(i, i + max));
  return out;
}

/** The classes whose term is not signed, and the learners due but never answered (the report's "missing"). */
export function missingOf(
  classes: ReadonlyArray<{
    classId: string;
    status: 'open' | 'confirmed' | 'signed';
    learners: string[];
  }>,
  answered: ReadonlySet<string>,
  pending: ReadonlySet<string>,
): {
  classes: Array<{ classId: string; status: 'open' | 'confirmed'; learners: number }>;
  learners: Array<{ studentId: string; classId: string; why: 'term-not-signed' | 'not-sent-yet' }>;
} {
  const unsigned = classes.filter(
    (c): c is typeof c & { status: 'open' | 'confirmed' } => c.status !== 'signed',
  );
  const learners = classes.flatMap((c) =>
    c.learners
      .filter((s) => !answered.has(`${c.classId}/${s}`))
      .map((studentId) => ({
        studentId,
        classId: c.classId,
        why:
          c.status === 'signed' || pending.has(`${c.classId}/${studentId}`)
            ? ('not-sent-yet' as const)
            : ('term-not-signed' as const),
      })),
  );
  return {
    classes: unsigned.map((c) => ({
      classId: c.classId,
      status: c.status,
      learners: c.learners.length,
    })),
    learners,
  };
}

/**
 * What records sends the sector database of a class's term (pure: no Nest, no database, no
 * clock): each learner's term result per subject as the gradebook computes it from the stored,
 * confirmed cells (`storedTermResult`), the term's conduct, and the term's learning level
 * (Điều 9) when every subject has its result. Ids and results only: never a name.
 */
import { formatScore, type Tenths } from '../../gradebook/domain/score';
import { learningLevel, type SubjectOutcome } from '../../gradebook/domain/secondary';
import {
  secondaryRulesFor,
  storedTermResult,
  type StoredTermMarks,
} from '../../gradebook/domain/term-marks';
import type {
  TermConduct,
  TermResultRecord,
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
export function learnerTermRecord(input: LearnerTermInput): TermResultRecord {
  const rules = secondaryRulesFor(input.grade);
  if (!rules.ok) throw new RangeError(`grade ${input.grade} is not assessed by Circular 22`);
  const subjects: TermResultRecord['subjects'] = [];
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

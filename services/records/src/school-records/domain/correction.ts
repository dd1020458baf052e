/**
 * A correction (đính chính) of a signed học bạ: what changes, checked as the gradebook checks
 * marks, applied to the input the signed version was built from. Pure.
 */
import {
  findSubject,
  levelOfGrade,
  LEVEL_RULES,
  PRIMARY_RULES,
  type SecondaryLevelRules,
} from '../../gradebook/domain/level-rules';
import {
  hasPeriodicTest,
  parseQualityLevel,
  parseSubjectLevel,
  parseTestScore,
} from '../../gradebook/domain/primary';
import { QUALITY_CODES } from '../../gradebook/domain/primary-assessments';
import { parseScore, type Tenths } from '../../gradebook/domain/score';
import type { PassFail, SecondaryLevel } from '../../gradebook/domain/secondary';
import type {
  SchoolRecordInput,
  SchoolRecordSubject,
} from '../../shared/school-record/school-record-document';
import type {
  PrimarySchoolRecordInput,
  PrimarySchoolRecordSubject,
} from '../../shared/school-record/primary-school-record-document';

export interface SubjectCorrection {
  code: string;
  /** "8.5" (or "8,5") for a scored subject, "Đ"/"CĐ" for a commented one; null removes it. */
  termI?: string | null;
  termII?: string | null;
  reassessment?: string | null;
  remark?: string | null;
}

export interface RecordCorrection {
  /** Lý do đính chính: kept in the record, shown to whoever verifies. */
  reason: string;
  subjects?: SubjectCorrection[];
  conduct?: { termI?: string; termII?: string; afterSummerTraining?: string | null };
  absentSessions?: number;
  homeroomRemarks?: string;
  otherAwards?: string[];
}

export interface CorrectionProblem {
  field: string;
  message: string;
}

const LEVELS: readonly SecondaryLevel[] = ['good', 'fair', 'pass', 'fail'];
const PASS_FAIL: Readonly<Record<string, PassFail>> = {
  Đ: 'pass',
  CĐ: 'fail',
  Đạt: 'pass',
  'Chưa đạt': 'fail',
};

/**
 * The input corrected, or every problem with the correction (a field that is not the subject's
 * kind, a subject not taught in the grade, a level that is not one, an empty reason, a subject
 * left with no term result).
 */
export function correctedInput(
  previous: SchoolRecordInput,
  c: RecordCorrection,
): { ok: true; input: SchoolRecordInput } | { ok: false; problems: CorrectionProblem[] } {
  const problems: CorrectionProblem[] = [];
  const rules = LEVEL_RULES[levelOfGrade(previous.grade)] as SecondaryLevelRules;
  const reason = (c.reason ?? '').normalize('NFC').trim();
  if (!reason || reason.length > 500)
    problems.push({ field: 'reason', message: 'a correction needs a reason (1-500 characters)' });

  const subjects = new Map(previous.subjects.map((s) => [s.code, { ...s }] as const));
  (c.subjects ?? []).forEach((sc, i) => {
    const at = `subjects[${i}]`;
    const rule = findSubject(rules, sc.code);
    if (!rule || rule.periodsByGrade[previous.grade] === undefined) {
      problems.push({ field: `${at}.code`, message: `not a subject of grade ${previous.grade}` });
      return;
    }
    const stray = sc as unknown as Record<string, unknown>;
    for (const key of ['level', 'testScore'])
      if (stray[key] !== undefined)
        problems.push({
          field: `${at}.${key}`,
          message: 'a primary (Circular 27) field: this record has term scores',
        });
    const s = (subjects.get(sc.code) ?? { code: sc.code, mode: rule.mode }) as Record<
      string,
      unknown
    >;
    for (const key of ['termI', 'termII', 'reassessment'] as const) {
      const raw = sc[key];
      if (raw === undefined) continue;
      if (raw === null) {
        delete s[key];
        continue;
      }
      const value = resultOf(rule.mode, raw);
      if (value === undefined)
        problems.push({
          field: `${at}.${key}`,
          message:
            rule.mode === 'scored'
              ? 'a score from 0 to 10 with at most one decimal'
              : 'Đ or CĐ (a commented subject takes no score)',
        });
      else s[key] = value;
    }
    if (sc.remark !== undefined) {
      if (sc.remark === null) delete s.remark;
      else if (sc.remark.length > 500)
        problems.push({ field: `${at}.remark`, message: 'at most 500 characters' });
      else s.remark = sc.remark.normalize('NFC').trim();
    }
    if (s.termI === undefined && s.termII === undefined)
      problems.push({ field: at, message: 'a subject needs a result in at least one term' });
    subjects.set(sc.code, s as unknown as SchoolRecordSubject);
  });

  if ((c as { qualities?: unknown }).qualities !== undefined)
    problems.push({
      field: 'qualities',
      message: 'a primary (Circular 27) field: this record has conduct',
    });
  const conduct = { ...previous.conduct };
  for (const key of ['termI', 'termII', 'afterSummerTraining'] as const) {
    const raw = c.conduct?.[key];
    if (raw === undefined) continue;
    if (raw === null && key === 'afterSummerTraining') delete conduct.afterSummerTraining;
    else if (LEVELS.includes(raw as SecondaryLevel)) conduct[key] = raw as SecondaryLevel;
    else problems.push({ field: `conduct.${key}`, message: 'good, fair, pass or fail' });
  }
  if (
    c.absentSessions !== undefined &&
    (!Number.isInteger(c.absentSessions) || c.absentSessions < 0 || c.absentSessions > 800)
  )
    problems.push({ field: 'absentSessions', message: 'a whole number from 0 to 800' });
  if (c.homeroomRemarks !== undefined && c.homeroomRemarks.length > 1000)
    problems.push({ field: 'homeroomRemarks', message: 'at most 1000 characters' });
  (c.otherAwards ?? []).forEach((a, i) => {
    if (typeof a !== 'string' || !a.trim() || a.length > 200)
      problems.push({ field: `otherAwards[${i}]`, message: '1-200 characters' });
  });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    input: {
      ...previous,
      subjects: [...subjects.values()],
      conduct,
      absentSessions: c.absentSessions ?? previous.absentSessions,
      homeroomRemarks: c.homeroomRemarks?.normalize('NFC').trim() ?? previous.homeroomRemarks,
      otherAwards: c.otherAwards?.map((a) => a.normalize('NFC').trim()) ?? previous.otherAwards,
    },
  };
}

function resultOf(mode: 'scored' | 'commented', raw: string): Tenths | PassFail | undefined {
  if (mode === 'commented') return PASS_FAIL[raw.normalize('NFC').trim()];
  const parsed = parseScore(raw);
  return parsed.ok ? parsed.value : undefined;
}

export interface PrimarySubjectCorrection {
  code: string;
  /** T / H / C or the words (Hoàn thành tốt, ...). */
  level?: string;
  /** The end-of-year test mark, a whole number 1-10 (where the subject has a test). */
  testScore?: number | null;
  remark?: string | null;
}

export interface PrimaryRecordCorrection {
  reason: string;
  subjects?: PrimarySubjectCorrection[];
  /** Quality and competency code → T / Đ / C or the words (Tốt, Đạt, Cần cố gắng). */
  qualities?: Record<string, string>;
  homeroomRemarks?: string;
}

/**
 * A correction of a signed primary học bạ (Circular 27): the end-of-year levels, test marks and
 * remarks of subjects, the levels of qualities and competencies, the homeroom teacher's remarks.
 * Pure; every problem named, nothing applied in part.
 */
export function correctedPrimaryInput(
  previous: PrimarySchoolRecordInput,
  c: PrimaryRecordCorrection &
    Partial<Record<'conduct' | 'absentSessions' | 'otherAwards', unknown>>,
): { ok: true; input: PrimarySchoolRecordInput } | { ok: false; problems: CorrectionProblem[] } {
  const problems: CorrectionProblem[] = [];
  const reason = (c.reason ?? '').normalize('NFC').trim();
  if (!reason || reason.length > 500)
    problems.push({ field: 'reason', message: 'a correction needs a reason (1-500 characters)' });
  for (const key of ['conduct', 'absentSessions', 'otherAwards'] as const)
    if (c[key] !== undefined)
      problems.push({ field: key, message: 'not part of a primary học bạ (Circular 27)' });
  const subjects = new Map(previous.subjects.map((s) => [s.code, { ...s }] as const));
  (c.subjects ?? []).forEach((sc, i) => {
    const at = `subjects[${i}]`;
    const rule = findSubject(PRIMARY_RULES, sc.code);
    if (!rule || rule.periodsByGrade[previous.grade] === undefined) {
      problems.push({ field: `${at}.code`, message: `not a subject of grade ${previous.grade}` });
      return;
    }
    const stray = sc as unknown as Record<string, unknown>;
    for (const key of ['termI', 'termII', 'reassessment'])
      if (stray[key] !== undefined)
        problems.push({
          field: `${at}.${key}`,
          message: 'a primary subject has a level, not term scores',
        });
    const s: PrimarySchoolRecordSubject = subjects.get(sc.code) ?? {
      code: sc.code,
      level: 'completed',
    };
    if (!subjects.has(sc.code) && sc.level === undefined)
      problems.push({ field: `${at}.level`, message: 'a subject added needs its level' });
    if (sc.level !== undefined) {
      const level = parseSubjectLevel(sc.level, `${at}.level`);
      if (level.ok) s.level = level.value;
      else
        problems.push({
          field: `${at}.level`,
          message: 'T, H or C (Hoàn thành tốt, Hoàn thành, Chưa hoàn thành)',
        });
    }
    const tested = hasPeriodicTest(rule, previous.grade, 'endOfYear');
    if (sc.testScore !== undefined) {
      if (!tested)
        problems.push({
          field: `${at}.testScore`,
          message: 'the subject has no end-of-year test in the grade',
        });
      else if (sc.testScore === null)
        problems.push({
          field: `${at}.testScore`,
          message: 'the end-of-year test mark cannot be removed',
        });
      else {
        const score = parseTestScore(String(sc.testScore), `${at}.testScore`);
        if (score.ok) s.testScore = score.value;
        else problems.push({ field: `${at}.testScore`, message: 'a whole number from 1 to 10' });
      }
    } else if (tested && s.testScore === undefined)
      problems.push({
        field: `${at}.testScore`,
        message: 'the subject’s end-of-year test mark is needed',
      });
    if (sc.remark !== undefined) {
      if (sc.remark === null) delete s.remark;
      else if (sc.remark.length > 500)
        problems.push({ field: `${at}.remark`, message: 'at most 500 characters' });
      else s.remark = sc.remark.normalize('NFC').trim();
    }
    subjects.set(sc.code, s);
  });
  const qualities = { ...previous.qualities };
  for (const [code, raw] of Object.entries(c.qualities ?? {})) {
    const level = QUALITY_CODES.includes(code) ? parseQualityLevel(String(raw)) : undefined;
    if (level?.ok) qualities[code] = level.value;
    else
      problems.push({
        field: `qualities.${code}`,
        message: level ? 'T, Đ or C (Tốt, Đạt, Cần cố gắng)' : 'not a quality or competency',
      });
  }
  if (c.homeroomRemarks !== undefined && c.homeroomRemarks.length > 1000)
    problems.push({ field: 'homeroomRemarks', message: 'at most 1000 characters' });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    input: {
      ...previous,
      subjects: [...subjects.values()],
      qualities,
      homeroomRemarks: c.homeroomRemarks?.normalize('NFC').trim() ?? previous.homeroomRemarks,
    },
  };
}

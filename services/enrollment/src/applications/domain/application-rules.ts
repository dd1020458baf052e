/**
 * Rules every application must pass, whichever way it arrives (the family's web form, an outside
 * portal over Kafka, or the school desk on paper). Pure: the caller loads the round, the schools
 * from its copy of the registry, and the clock.
 */
import { isIsoDate, type SchoolLevel } from '@qn/contracts';
import { checkPersonalId } from '@qn/privacy';
import {
  AGE_EXCEPTION_CATEGORIES,
  admissionAgeCheck,
  EVIDENCE_REF,
  type AgeException,
} from './admission-age';
import { localityKey, normaliseLocalityName } from '../../shared/assignment/catchment';

export type Grade = 1 | 6 | 10;

/** The level a school must teach to admit into a grade. */
export const LEVEL_FOR_GRADE: Record<Grade, SchoolLevel> = {
  1: 'primary',
  6: 'lower-secondary',
  10: 'upper-secondary',
};
/** Usual age by year of birth in the school year's first calendar year (Circulars 28/2020, 32/2020). */
export const USUAL_AGE: Record<Grade, number> = { 1: 6, 6: 11, 10: 15 };
/**
 * Grade 1 only (primary charter, Circular 28/2020): up to 3 years older is admitted, younger is
 * not. Grades 6 and 10 follow `admissionAgeCheck` (Circular 32/2020, Art. 33): the entry age, or
 * a declared exception.
 */
export const MAX_YEARS_OLDER = 3;

export interface RoundRules {
  grade: Grade;
  /** e.g. "2026-2027" */
  schoolYear: string;
  opensAt: Date;
  closesAt: Date;
  maxWishes: number;
  priorityCategories: string[];
  /** Schools taking part in the round. */
  schoolIds: ReadonlySet<string>;
}

export interface SchoolFacts {
  levels: SchoolLevel[];
  inForce: boolean;
}

export interface ApplicationInput {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  residenceOrgUnitId: string;
  wishes: string[];
  priorityCategories: string[];
  /** Grades 6 and 10: the charter's exception to the entry age the family declares, if any. */
  ageException?: AgeException | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export type TimingProblem =
  { kind: 'not-open'; opensAt: Date } | { kind: 'closed'; closesAt: Date };

/** Submissions, amendments and withdrawals are accepted from opening until the deadline (exclusive). */
export function checkTiming(
  round: Pick<RoundRules, 'opensAt' | 'closesAt'>,
  now: Date,
): TimingProblem | null {
  if (now < round.opensAt) return { kind: 'not-open', opensAt: round.opensAt };
  if (now >= round.closesAt) return { kind: 'closed', closesAt: round.closesAt };
  return null;
}

export function checkApplication(
  input: ApplicationInput,
  round: RoundRules,
  schools: ReadonlyMap<string, SchoolFacts>,
  residenceKnown: boolean,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isIsoDate(input.dateOfBirth))
    problems.push({ field: 'applicant.dateOfBirth', message: 'must be a date YYYY-MM-DD' });
  const pid = checkPersonalId(
    input.personalId,
    isIsoDate(input.dateOfBirth) ? input.dateOfBirth : undefined,
  );
  if (!pid.ok) problems.push({ field: 'applicant.personalId', message: pid.reason! });
  const exception = input.ageException ?? null;
  if (exception && !(AGE_EXCEPTION_CATEGORIES as readonly string[]).includes(exception.category))
    problems.push({
      field: 'applicant.ageException.category',
      message: `phải là một trong: ${AGE_EXCEPTION_CATEGORIES.join(', ')}`,
    });
  else if (exception?.evidenceRef !== undefined && !EVIDENCE_REF.test(exception.evidenceRef))
    problems.push({
      field: 'applicant.ageException.evidenceRef',
      message: 'chỉ gồm số hiệu giấy tờ: chữ, số, dấu cách và . , / _ ( ) -, tối đa 100 ký tự',
    });
  else if (exception && round.grade === 1)
    problems.push({
      field: 'applicant.ageException',
      message: 'chỉ khai báo khi tuyển sinh lớp 6 và lớp 10',
    });
  else if (isIsoDate(input.dateOfBirth) && round.grade !== 1) {
    const verdict = admissionAgeCheck({
      grade: round.grade,
      schoolYear: round.schoolYear,
      dateOfBirth: input.dateOfBirth,
      exception,
    });
    if (!verdict.allowed) problems.push({ field: verdict.field, message: verdict.message });
  } else if (isIsoDate(input.dateOfBirth)) {
    const age = Number(round.schoolYear.slice(0, 4)) - Number(input.dateOfBirth.slice(0, 4));
    const usual = USUAL_AGE[round.grade];
    if (age < usual || age > usual + MAX_YEARS_OLDER) {
      problems.push({
        field: 'applicant.dateOfBirth',
        message: `grade ${round.grade} in ${round.schoolYear} admits children born ${Number(round.schoolYear.slice(0, 4)) - usual - MAX_YEARS_OLDER}-${Number(round.schoolYear.slice(0, 4)) - usual}`,
      });
    }
  }
  if (!input.fullName.normalize('NFC').trim())
    problems.push({ field: 'applicant.fullName', message: 'must not be empty' });
  if (!residenceKnown)
    problems.push({
      field: 'applicant.residenceOrgUnitId',
      message: 'is not a commune, ward or special zone in force',
    });

  if (input.wishes.length === 0)
    problems.push({ field: 'wishes', message: 'must list at least one school' });
  if (input.wishes.length > round.maxWishes)
    problems.push({ field: 'wishes', message: `at most ${round.maxWishes} wishes in this round` });
  if (new Set(input.wishes).size !== input.wishes.length)
    problems.push({ field: 'wishes', message: 'a school may be listed once' });
  const level = LEVEL_FOR_GRADE[round.grade];
  input.wishes.forEach((schoolId, i) => {
    const facts = schools.get(schoolId);
    if (!round.schoolIds.has(schoolId))
      problems.push({ field: `wishes.${i}`, message: 'this school does not admit in this round' });
    else if (!facts || !facts.inForce)
      problems.push({ field: `wishes.${i}`, message: 'unknown or closed school' });
    else if (!facts.levels.includes(level))
      problems.push({
        field: `wishes.${i}`,
        message: `this school does not teach grade ${round.grade}`,
      });
  });
  const unknown = input.priorityCategories.filter((c) => !round.priorityCategories.includes(c));
  if (unknown.length)
    problems.push({
      field: 'priorityCategories',
      message: `unknown in this round: ${unknown.join(', ')}`,
    });
  if (new Set(input.priorityCategories).size !== input.priorityCategories.length)
    problems.push({ field: 'priorityCategories', message: 'a category may be listed once' });
  return problems;
}

/**
 * Where in the commune the applicant lives (thôn, khu phố, tổ dân phố, street), checked against
 * the localities the round's catchments name in that commune (`splitInto`; empty when every
 * catchment takes the commune whole). When the round splits the commune, the family must name
 * one of them: otherwise no school could tell whether the child is in its tuyến. Answers the
 * locality as the round spells it (or as given, normalised, when the commune is not split), or
 * the problem.
 */
export function checkResidenceLocality(
  splitInto: readonly string[],
  given: string | null | undefined,
): { locality: string | null } | { problem: FieldProblem } {
  const name = given ? normaliseLocalityName(given) : '';
  if (splitInto.length === 0) return { locality: name || null };
  const match = splitInto.find((l) => localityKey(l) === localityKey(name));
  if (match) return { locality: match };
  return {
    problem: {
      field: 'applicant.residenceLocality',
      message: `${name ? 'không thuộc' : 'cần khai báo'} thôn, khu phố hoặc tổ dân phố nơi cư trú: xã, phường này được chia tuyến tuyển sinh theo ${splitInto.join('; ')}`,
    },
  };
}

/** Personal names are stored NFC-normalised with single spaces (Nguyễn Văn An). */
export const normaliseFullName = (name: string) =>
  name.normalize('NFC').trim().replace(/\s+/g, ' ');

/**
 * Age limits for entry into grades 6 and 10, and the exceptions the school charter allows
 * (Điều lệ trường THCS, trường THPT và trường phổ thông có nhiều cấp học, issued with Circular
 * 32/2020/TT-BGDĐT, Article 33 "Tuổi của học sinh"). Pure: the caller gives the round's school
 * year, the grade, the declared date of birth and the declared exception.
 *
 * Age is counted by year of birth: the first calendar year of the school year minus the year of
 * birth, whatever the day and month (how admission plans state the entry age: "sinh năm 2015").
 */

import { ADMISSION_AGE_EXCEPTIONS } from '@qn/contracts';

/** Grades whose entry age this function decides; grade 1 follows the primary charter (application-rules.ts). */
export type SecondaryEntryGrade = 6 | 10;

// The categories are part of the portal intake contract (enrollment.application.submitted v2):
// repeated-or-late-start (Art. 33: entered the previous level late or repeated a grade in it,
// lưu ban), ethnic-minority (học sinh là người dân tộc thiểu số), disability (học sinh khuyết
// tật), especially-difficult-circumstances (học sinh có hoàn cảnh đặc biệt khó khăn),
// returned-from-abroad (học sinh ở nước ngoài về nước), skipped-grade (học vượt lớp ở cấp học
// trước). The limits each one allows are in AGE_EXCEPTION_RULES below.
export const AGE_EXCEPTION_CATEGORIES = ADMISSION_AGE_EXCEPTIONS;
export type AgeExceptionCategory = (typeof AGE_EXCEPTION_CATEGORIES)[number];

/** A reference to the evidence: a document's number, never a story (no personal data in it). */
export const EVIDENCE_REF = /^[\p{L}\p{N} .,/_()-]{1,100}$/u;

/**
 * The exception a family declares (with an optional reference to its evidence: a decision's
 * number, a certificate's number), never a free-text story.
 */
export interface AgeException {
  category: AgeExceptionCategory;
  /** e.g. the number of the decision allowing a skipped grade; no personal data. */
  evidenceRef?: string;
}

/** Art. 33: lớp 6 at 11, lớp 10 at 15. */
export const ENTRY_AGE: Record<SecondaryEntryGrade, number> = { 6: 11, 10: 15 };

/** Which way, and how many years at most, each exception moves the entry age. */
export const AGE_EXCEPTION_RULES: Record<
  AgeExceptionCategory,
  { direction: 'older' | 'younger'; maxYears: number; nameVi: string }
> = {
  // The charter bounds repetition (no more than three times in a level); the platform does not
  // see the learner's years in the previous level, so it admits up to 3 years older, the bound
  // the charter gives the other groups (README: chosen where the text is silent).
  'repeated-or-late-start': {
    direction: 'older',
    maxYears: 3,
    nameVi: 'lưu ban hoặc vào cấp học trước ở tuổi cao hơn',
  },
  'ethnic-minority': { direction: 'older', maxYears: 3, nameVi: 'người dân tộc thiểu số' },
  disability: { direction: 'older', maxYears: 3, nameVi: 'học sinh khuyết tật' },
  'especially-difficult-circumstances': {
    direction: 'older',
    maxYears: 3,
    nameVi: 'học sinh có hoàn cảnh đặc biệt khó khăn',
  },
  'returned-from-abroad': {
    direction: 'older',
    maxYears: 3,
    nameVi: 'học sinh ở nước ngoài về nước',
  },
  // Skipping is decided one grade at a time; two years younger is the most the platform accepts
  // without a person looking at the file (README: chosen where the text is silent).
  'skipped-grade': { direction: 'younger', maxYears: 2, nameVi: 'học vượt lớp ở cấp học trước' },
};

export const ARTICLE = 'Điều 33 Điều lệ ban hành kèm theo Thông tư 32/2020/TT-BGDĐT';

export type AgeCheck =
  | {
      allowed: true;
      age: number;
      entryAge: number;
      /** The exception that made an age other than the entry age acceptable. */
      exception?: AgeExceptionCategory;
    }
  | {
      allowed: false;
      age: number;
      entryAge: number;
      field: 'applicant.dateOfBirth' | 'applicant.ageException';
      reason: 'too-young' | 'too-old' | 'exception-does-not-apply';
      /** Vietnamese, for the family; names no personal data but the age. */
      message: string;
    };

/** Year of birth → age counted by year for the school year "2026-2027". */
export function ageByYear(schoolYear: string, dateOfBirth: string): number {
  return Number(schoolYear.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
}

/**
 * Whether a learner born on `dateOfBirth` may enter `grade` in `schoolYear`, with the declared
 * exception if any. The entry age is always accepted (a declared exception is then not needed,
 * and not held against the applicant).
 */
export function admissionAgeCheck(input: {
  grade: SecondaryEntryGrade;
  schoolYear: string;
  dateOfBirth: string;
  exception?: AgeException | null;
}): AgeCheck {
  const entryAge = ENTRY_AGE[input.grade];
  const age = ageByYear(input.schoolYear, input.dateOfBirth);
  if (age === entryAge) return { allowed: true, age, entryAge };
  const startYear = Number(input.schoolYear.slice(0, 4));
  const usualBirthYear = startYear - entryAge;
  const direction = age > entryAge ? 'older' : 'younger';
  const years = Math.abs(age - entryAge);
  const refuse = (
    field: 'applicant.dateOfBirth' | 'applicant.ageException',
    reason: 'too-young' | 'too-old' | 'exception-does-not-apply',
    message: string,
  ): AgeCheck => ({ allowed: false, age, entryAge, field, reason, message });

  const exception = input.exception ?? undefined;
  if (!exception)
    return refuse(
      'applicant.dateOfBirth',
      direction === 'older' ? 'too-old' : 'too-young',
      `Tuổi vào lớp ${input.grade} năm học ${input.schoolYear} là ${entryAge} tuổi (sinh năm ${usualBirthYear}); ` +
        `học sinh ${age} tuổi chỉ được tuyển khi thuộc trường hợp ${direction === 'older' ? 'được vào học ở tuổi cao hơn' : 'học vượt lớp'} ` +
        `theo ${ARTICLE}: khai báo trường hợp đó ở ageException.`,
    );
  const rule = AGE_EXCEPTION_RULES[exception.category];
  if (rule.direction !== direction)
    return refuse(
      'applicant.ageException',
      'exception-does-not-apply',
      `Trường hợp "${rule.nameVi}" chỉ cho phép vào lớp ${input.grade} ở tuổi ${rule.direction === 'older' ? 'cao' : 'thấp'} hơn ${entryAge}; ` +
        `học sinh ${age} tuổi (${ARTICLE}).`,
    );
  if (years > rule.maxYears)
    return refuse(
      'applicant.dateOfBirth',
      direction === 'older' ? 'too-old' : 'too-young',
      `Trường hợp "${rule.nameVi}" cho phép vào lớp ${input.grade} ${rule.direction === 'older' ? 'cao' : 'thấp'} hơn tuổi quy định ` +
        `không quá ${rule.maxYears} tuổi (${entryAge} tuổi, ${ARTICLE}); học sinh ${age} tuổi.`,
    );
  return { allowed: true, age, entryAge, exception: exception.category };
}

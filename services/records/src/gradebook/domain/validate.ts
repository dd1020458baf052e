/**
 * The checks a gradebook runs on what a teacher enters, returning every problem with its field so
 * the form can show them all at once. Nothing here throws on bad input.
 */
import {
  findSubject,
  Grade,
  PrimaryLevelRules,
  PrimarySubjectRule,
  regularAssessmentsPerTerm,
  SecondaryLevelRules,
} from './level-rules';
import {
  Checkpoint,
  GENERAL_COMPETENCIES,
  hasPeriodicTest,
  parseTestScore,
  PrimaryYearInput,
  QUALITIES,
  SPECIFIC_COMPETENCIES,
} from './primary';
import { fail, ok, Problem, problem, Result, under } from './problems';
import { parseScore, Tenths } from './score';
import { commentedTermResult, PassFail, termAverage } from './secondary';

const COMMENT_WORDS: Readonly<Record<string, PassFail>> = {
  đ: 'pass',
  đạt: 'pass',
  d: 'pass',
  cđ: 'fail',
  'chưa đạt': 'fail',
  cd: 'fail',
};

/**
 * Parses a commented assessment: "Đ"/"Đạt" or "CĐ"/"Chưa đạt", any case; the ASCII "D"/"CD" too,
 * since keyboards without Vietnamese input produce them. Unicode is normalised (NFC) first because
 * "Đạt" typed on macOS arrives decomposed.
 */
export function parseComment(raw: string, field = ''): Result<PassFail> {
  const key = raw.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
  const value = COMMENT_WORDS[key];
  return value
    ? ok(value)
    : fail(problem(field, 'comment.format', `not Đạt/Chưa đạt: "${raw.trim()}"`));
}

const looksLikeScore = (raw: string) => /^\s*-?\d/.test(raw);
const blank = (raw: string | undefined) => raw === undefined || raw.trim() === '';

/** What a teacher entered for one subject and term, cell by cell (blank = not entered yet). */
export interface RawTermMarks {
  regular: readonly string[];
  midTerm?: string;
  endOfTerm?: string;
}

export type ValidTermMarks =
  | { mode: 'scored'; regular: Tenths[]; midTerm?: Tenths; endOfTerm?: Tenths }
  | { mode: 'commented'; regular: PassFail[]; midTerm?: PassFail; endOfTerm?: PassFail };

export interface TermMarksOptions {
  /** THPT: the learner takes this subject's chuyên đề cluster (one more regular assessment). */
  withStudyTopics?: boolean;
  /** Closing the term: every required assessment must be there. While the term runs, blanks are fine. */
  complete?: boolean;
}

/**
 * Checks one learner's marks in one subject for one term (Thông tư 22): the subject is taught in
 * the grade; scores only on scored subjects and Đạt/Chưa đạt only on commented ones; scores 0-10
 * with one decimal; no more regular assessments than Điều 6 sets; and, when closing the term, none
 * fewer and both periodic assessments present (Điều 7: a missed one without make-up is recorded
 * as 0 or Chưa đạt, explicitly, not left blank).
 */
export function validateSecondaryTermMarks(
  rules: SecondaryLevelRules,
  grade: Grade,
  subjectCode: string,
  raw: RawTermMarks,
  opts: TermMarksOptions = {},
): Result<ValidTermMarks> {
  const subject = findSubject(rules, subjectCode);
  if (!subject)
    return fail(
      problem('subject', 'marks.unknownSubject', `unknown subject ${subjectCode}`, {
        subject: subjectCode,
      }),
    );
  const required = regularAssessmentsPerTerm(subject, grade, opts);
  if (required === undefined)
    return fail(
      problem(
        'subject',
        'marks.subjectNotTaughtInGrade',
        `${subjectCode} is not taught in grade ${grade}`,
        {
          subject: subjectCode,
          grade,
        },
      ),
    );

  const problems: Problem[] = [];
  const entered = raw.regular.map((v, i) => ({ v, i })).filter(({ v }) => !blank(v));
  if (entered.length > required)
    problems.push(
      problem(
        'regular',
        'marks.tooManyRegular',
        `${entered.length} regular assessments, at most ${required}`,
        {
          count: entered.length,
          required,
        },
      ),
    );
  if (opts.complete && entered.length < required)
    problems.push(
      problem(
        'regular',
        'marks.tooFewRegular',
        `${entered.length} regular assessments, ${required} required`,
        {
          count: entered.length,
          required,
        },
      ),
    );
  if (opts.complete && blank(raw.midTerm))
    problems.push(problem('midTerm', 'marks.missingMidTerm', 'mid-term assessment missing'));
  if (opts.complete && blank(raw.endOfTerm))
    problems.push(problem('endOfTerm', 'marks.missingEndOfTerm', 'end-of-term assessment missing'));

  // Every entered cell, parsed by the subject's mode; a cell's problems are collected, not thrown.
  const cells = [
    ...entered.map(({ v, i }) => ({ value: v, field: `regular[${i}]` })),
    ...(blank(raw.midTerm) ? [] : [{ value: raw.midTerm!, field: 'midTerm' }]),
    ...(blank(raw.endOfTerm) ? [] : [{ value: raw.endOfTerm!, field: 'endOfTerm' }]),
  ];
  const parseCell =
    subject.mode === 'scored'
      ? (value: string, field: string): Result<Tenths | PassFail> =>
          !looksLikeScore(value) && parseComment(value).ok
            ? fail(
                problem(
                  field,
                  'marks.commentOnScoredSubject',
                  `${subjectCode} is scored, not commented`,
                ),
              )
            : parseScore(value, field)
      : (value: string, field: string): Result<Tenths | PassFail> =>
          looksLikeScore(value)
            ? fail(
                problem(
                  field,
                  'marks.scoreOnCommentedSubject',
                  `${subjectCode} is assessed by comments only`,
                ),
              )
            : parseComment(value, field);
  const parsed = new Map<string, Tenths | PassFail>();
  for (const { value, field } of cells) {
    const r = parseCell(value, field);
    if (r.ok) parsed.set(field, r.value);
    else problems.push(...r.problems);
  }
  if (problems.length > 0) return { ok: false, problems };

  const regular = entered.map(({ i }) => parsed.get(`regular[${i}]`)!);
  const midTerm = parsed.get('midTerm');
  const endOfTerm = parsed.get('endOfTerm');
  const isScore = (v: Tenths | PassFail | undefined): v is Tenths => typeof v === 'number';
  const isComment = (v: Tenths | PassFail | undefined): v is PassFail => typeof v === 'string';
  return subject.mode === 'scored'
    ? ok({
        mode: 'scored',
        regular: regular.filter(isScore),
        midTerm: isScore(midTerm) ? midTerm : undefined,
        endOfTerm: isScore(endOfTerm) ? endOfTerm : undefined,
      })
    : ok({
        mode: 'commented',
        regular: regular.filter(isComment),
        midTerm: isComment(midTerm) ? midTerm : undefined,
        endOfTerm: isComment(endOfTerm) ? endOfTerm : undefined,
      });
}

/**
 * The term result of validated, complete marks: ĐTBmhk for a scored subject, Đạt/Chưa đạt for a
 * commented one. Undefined when a scored subject still lacks a periodic score.
 */
export function termResultOf(
  marks: ValidTermMarks,
  requiredRegular: number,
): Tenths | PassFail | undefined {
  if (marks.mode === 'commented')
    return commentedTermResult(
      { regular: marks.regular, midTerm: marks.midTerm, endOfTerm: marks.endOfTerm },
      requiredRegular,
    );
  if (
    marks.midTerm === undefined ||
    marks.endOfTerm === undefined ||
    marks.regular.length < requiredRegular
  )
    return undefined;
  return termAverage({
    regular: marks.regular,
    midTerm: marks.midTerm,
    endOfTerm: marks.endOfTerm,
  });
}

/**
 * Checks a class's subject list for a grade (from the teaching assignments): every subject known
 * and taught in the grade, no duplicates, every compulsory subject present; at THPT exactly the
 * number of electives the level sets and, when given, exactly the set number of chuyên đề
 * clusters, each of a subject the class takes that has them.
 */
export function validateClassSubjects(
  rules: SecondaryLevelRules,
  grade: Grade,
  subjectCodes: readonly string[],
  studyTopicSubjects?: readonly string[],
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  subjectCodes.forEach((code, i) => {
    const field = `subjects[${i}]`;
    const s = findSubject(rules, code);
    if (seen.has(code))
      problems.push(
        problem(field, 'class.duplicateSubject', `${code} listed twice`, { subject: code }),
      );
    seen.add(code);
    if (!s)
      problems.push(
        problem(field, 'marks.unknownSubject', `unknown subject ${code}`, { subject: code }),
      );
    else if (s.periodsByGrade[grade] === undefined)
      problems.push(
        problem(field, 'marks.subjectNotTaughtInGrade', `${code} is not taught in grade ${grade}`, {
          subject: code,
          grade,
        }),
      );
  });
  for (const s of rules.subjects)
    if (s.category === 'compulsory' && s.periodsByGrade[grade] !== undefined && !seen.has(s.code))
      problems.push(
        problem('subjects', 'class.missingCompulsorySubject', `compulsory ${s.code} missing`, {
          subject: s.code,
        }),
      );
  if (rules.electiveCount !== undefined) {
    const electives = [...seen].filter(
      (c) => findSubject(rules, c)?.category === 'elective',
    ).length;
    if (electives !== rules.electiveCount)
      problems.push(
        problem(
          'subjects',
          'class.wrongElectiveCount',
          `${electives} electives, ${rules.electiveCount} required`,
          {
            count: electives,
            required: rules.electiveCount,
          },
        ),
      );
  }
  if (studyTopicSubjects && rules.studyTopicClusterCount !== undefined) {
    if (studyTopicSubjects.length !== rules.studyTopicClusterCount)
      problems.push(
        problem(
          'studyTopics',
          'class.wrongStudyTopicCount',
          `${studyTopicSubjects.length} chuyên đề clusters, ${rules.studyTopicClusterCount} required`,
          { count: studyTopicSubjects.length, required: rules.studyTopicClusterCount },
        ),
      );
    studyTopicSubjects.forEach((code, i) => {
      const s = findSubject(rules, code);
      if (!seen.has(code) || !s?.hasStudyTopics)
        problems.push(
          problem(
            `studyTopics[${i}]`,
            'class.studyTopicWithoutSubject',
            `no chuyên đề of ${code} for this class`,
            {
              subject: code,
            },
          ),
        );
    });
  }
  return problems;
}

/** The subject, when the primary programme has it and teaches it in the grade (field `subject`). */
export function primarySubjectTaught(
  rules: PrimaryLevelRules,
  grade: Grade,
  subjectCode: string,
): Result<PrimarySubjectRule> {
  const subject = findSubject(rules, subjectCode);
  if (!subject)
    return fail(
      problem('subject', 'marks.unknownSubject', `unknown subject ${subjectCode}`, {
        subject: subjectCode,
      }),
    );
  if (subject.periodsByGrade[grade] === undefined)
    return fail(
      problem(
        'subject',
        'marks.subjectNotTaughtInGrade',
        `${subjectCode} is not taught in grade ${grade}`,
        { subject: subjectCode, grade },
      ),
    );
  return ok(subject);
}

/**
 * Checks one primary periodic test mark (Thông tư 27 Điều 7): the subject has a test at that
 * checkpoint in that grade, and the mark is a whole number in range.
 */
export function validatePrimaryTestMark(
  rules: PrimaryLevelRules,
  grade: Grade,
  subjectCode: string,
  checkpoint: Checkpoint,
  raw: string,
): Result<number> {
  const taught = primarySubjectTaught(rules, grade, subjectCode);
  if (!taught.ok) return taught;
  const subject = taught.value;
  if (!hasPeriodicTest(subject, grade, checkpoint))
    return fail(
      problem(
        checkpoint,
        'marks.testNotHeld',
        `no ${checkpoint} test in ${subjectCode}, grade ${grade}`,
        {
          subject: subjectCode,
          grade,
          checkpoint,
        },
      ),
    );
  return parseTestScore(raw, checkpoint, rules);
}

/**
 * Checks that a primary end-of-year input is complete before evaluating it: every compulsory
 * subject of the grade has a level, every subject with an end-of-year test has its mark (and no
 * other has one), every quality and competency has a level.
 */
export function validatePrimaryYearInput(
  rules: PrimaryLevelRules,
  grade: Grade,
  input: PrimaryYearInput,
): Problem[] {
  const problems: Problem[] = [];
  for (const code of Object.keys(input.subjects)) {
    const s = findSubject(rules, code);
    if (!s)
      problems.push(
        problem(`subjects.${code}`, 'marks.unknownSubject', `unknown subject ${code}`, {
          subject: code,
        }),
      );
    else if (s.periodsByGrade[grade] === undefined)
      problems.push(
        problem(
          `subjects.${code}`,
          'marks.subjectNotTaughtInGrade',
          `${code} is not taught in grade ${grade}`,
          {
            subject: code,
            grade,
          },
        ),
      );
  }
  for (const s of rules.subjects) {
    if (s.periodsByGrade[grade] === undefined) continue;
    if (s.category === 'compulsory' && input.subjects[s.code] === undefined)
      problems.push(
        problem(`subjects.${s.code}`, 'class.missingCompulsorySubject', `${s.code} has no level`, {
          subject: s.code,
        }),
      );
    const tested = hasPeriodicTest(s, grade, 'endOfYear');
    if (tested && input.endOfYearTests[s.code] === undefined)
      problems.push(
        problem(`endOfYearTests.${s.code}`, 'marks.missingTest', `${s.code} test mark missing`, {
          subject: s.code,
        }),
      );
  }
  for (const [code, mark] of Object.entries(input.endOfYearTests)) {
    const s = findSubject(rules, code);
    const field = `endOfYearTests.${code}`;
    if (!s || !hasPeriodicTest(s, grade, 'endOfYear'))
      problems.push(
        problem(field, 'marks.testNotHeld', `no end-of-year test in ${code}, grade ${grade}`, {
          subject: code,
          grade,
        }),
      );
    else {
      const r = parseTestScore(String(mark), '', rules);
      if (!r.ok) problems.push(...r.problems.map((p) => under(field, p)));
    }
  }
  for (const q of [...QUALITIES, ...GENERAL_COMPETENCIES, ...SPECIFIC_COMPETENCIES])
    if (input.qualities[q] === undefined)
      problems.push(
        problem(`qualities.${q}`, 'marks.missingLevel', `${q} has no level`, { quality: q }),
      );
  return problems;
}

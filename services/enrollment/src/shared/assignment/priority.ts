/**
 * How a school orders its applicants (the school side of the assignment). Pure functions.
 *
 * Grades 1 and 6 (tuyển sinh lớp 1, lớp 6 — xét tuyển):
 *   1. residents of the school's tuyến (catchment: the areas assigned to the school) first;
 *   2. then điểm ưu tiên (priority points of the priority categories — con liệt sĩ, con thương
 *      binh, … — higher first; a ranking of categories is expressed as points, e.g. group 1 = 3,
 *      group 2 = 2, group 3 = 1);
 *   3. then the round's lottery number (bốc thăm, see lottery.ts), lower first.
 *
 * Grade 10 (tuyển sinh lớp 10 THPT công lập — thi tuyển):
 *   điểm xét tuyển = Σ (subject score × weight) + điểm ưu tiên, higher first. Under the current
 *   regulation (Quy chế issued with Circular 30/2024/TT-BGDĐT, Art. 13-14, from the 2025-2026
 *   intake) every weight is 1 — the plain sum of Toán, Ngữ văn and the third subject on a 10-point
 *   scale — and bonus points (điểm khuyến khích) are no longer added; a round of an earlier
 *   intake (Circular 11/2014) may still weight subjects and switch bonus points on
 *   (`includeBonusPoints`), and a specialised school may weight its subject. Equal scores are
 *   broken by the configured tie-break subjects (e.g. higher Ngữ văn, then higher Toán), then by
 *   the lottery number. The same order applies to every nguyện vọng (wish) that names a school
 *   using the same exam configuration.
 *
 * Scores are exact decimals: every input (number or string) is converted to an integer number
 * of hundredths (8.25 → 825) and all arithmetic is on integers, so 0.1 + 0.2 ties with 0.3 and
 * 8.25 × 2 + 7.75 is exactly 24.25. A composite score is an integer in ten-thousandths
 * (hundredths of a score × hundredths of a weight).
 */
import { compareCodeUnits } from './lottery';

// ---------------------------------------------------------------------------------------------
// Exact decimals

/** A decimal as entered: 8.25, "8.25", "8,25" is NOT accepted (use a dot). */
export type DecimalInput = number | string;

const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Converts a decimal with at most two significant decimal places to an integer number of
 * hundredths. Throws on anything else (NaN, "abc", 8.125, "8.125"), so an input that cannot be
 * represented exactly is refused rather than rounded.
 */
export function toHundredths(value: DecimalInput, what = 'value'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${what}: ${value} is not a finite number`);
    const scaled = value * 100;
    const rounded = Math.round(scaled);
    // 8.25 * 100 is exactly 825; 0.1 * 100 = 10.000000000000002: accept binary noise only.
    if (Math.abs(scaled - rounded) > 1e-6 * Math.max(1, Math.abs(scaled))) {
      throw new Error(`${what}: ${value} has more than two decimal places`);
    }
    if (!Number.isSafeInteger(rounded)) throw new Error(`${what}: ${value} is out of range`);
    return rounded === 0 ? 0 : rounded; // no -0
  }
  if (typeof value !== 'string') throw new Error(`${what}: expected a number or a decimal string`);
  const m = DECIMAL_RE.exec(value.trim());
  if (!m) throw new Error(`${what}: ${JSON.stringify(value)} is not a decimal number`);
  const [, sign, whole, fraction = ''] = m;
  if (/[^0]/.test(fraction.slice(2)))
    throw new Error(`${what}: ${value} has more than two decimal places`);
  const hundredths = Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
  if (!Number.isSafeInteger(hundredths)) throw new Error(`${what}: ${value} is out of range`);
  return sign === '-' && hundredths !== 0 ? -hundredths : hundredths;
}

/** Formats an integer amount of 1/10^decimals as a decimal string: (825, 2) → "8.25". */
export function formatScaled(value: number, decimals: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`formatScaled: ${value} is not a safe integer`);
  const negative = value < 0;
  const digits = String(Math.abs(value)).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return (negative ? '-' : '') + (decimals > 0 ? `${whole}.${fraction}` : whole);
}

/** Hundredths → "8.25" / "8.00". */
export function formatHundredths(hundredths: number): string {
  return formatScaled(hundredths, 2);
}

/** A composite score (ten-thousandths) → "24.25" (at least two decimals, trailing zeros cut). */
export function formatComposite(tenThousandths: number): string {
  let s = formatScaled(tenThousandths, 4);
  while (s.endsWith('0') && s.length > s.indexOf('.') + 3) s = s.slice(0, -1);
  return s;
}

// ---------------------------------------------------------------------------------------------
// A school's order

/**
 * A school's strict order over the applicants it may admit. `rank` is 0-based (0 = first
 * choice of the school); an applicant absent from `rank` is not admissible there (did not
 * apply, or is not eligible).
 */
export interface SchoolOrder<K> {
  /** Applicant ids, the school's most preferred first. */
  readonly ordered: readonly string[];
  readonly rank: ReadonlyMap<string, number>;
  /** The ordering key (for cut-offs and publication). */
  keyOf(applicantId: string): K | undefined;
  /** Negative when `a` comes before `b`. Throws when either is not ranked. */
  compare(a: string, b: string): number;
}

function orderFromKeys<K extends { applicantId: string }>(
  keys: K[],
  compareKeys: (a: K, b: K) => number,
): SchoolOrder<K> {
  keys.sort(compareKeys);
  const rank = new Map<string, number>();
  const byId = new Map<string, K>();
  const ordered: string[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const id = keys[i].applicantId;
    if (rank.has(id)) throw new Error(`duplicate applicant id ${JSON.stringify(id)}`);
    rank.set(id, i);
    byId.set(id, keys[i]);
    ordered[i] = id;
  }
  for (let i = 1; i < keys.length; i++) {
    if (compareKeys(keys[i - 1], keys[i]) === 0) {
      throw new Error(
        `the order is not strict: ${keys[i - 1].applicantId} and ${keys[i].applicantId} tie (lottery number missing?)`,
      );
    }
  }
  return {
    ordered,
    rank,
    keyOf: (id) => byId.get(id),
    compare: (a, b) => {
      const ra = rank.get(a);
      const rb = rank.get(b);
      if (ra === undefined || rb === undefined)
        throw new Error(`compare: ${ra === undefined ? a : b} is not ranked by this school`);
      return ra - rb;
    },
  };
}

function lotteryNumberOf(lottery: ReadonlyMap<string, number>, applicantId: string): number {
  const n = lottery.get(applicantId);
  if (n === undefined)
    throw new Error(`applicant ${JSON.stringify(applicantId)} has no lottery number`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Grades 1 and 6: tuyến → điểm ưu tiên → bốc thăm

/** An applicant to a grade 1 or grade 6 school. */
export interface CatchmentApplicant {
  id: string;
  /** Schools whose tuyến (catchment) covers the applicant's registered residence. */
  residentSchoolIds: ReadonlySet<string> | readonly string[];
  /** Điểm ưu tiên (sum of the priority categories' points); absent = 0. */
  priorityPoints?: DecimalInput;
}

/** The ordering key of a grade 1/6 applicant at one school. */
export interface CatchmentKey {
  applicantId: string;
  /** In the school's tuyến. */
  resident: boolean;
  priorityHundredths: number;
  lotteryNumber: number;
}

export function catchmentKey(
  applicant: CatchmentApplicant,
  schoolId: string,
  lottery: ReadonlyMap<string, number>,
): CatchmentKey {
  const ids = applicant.residentSchoolIds;
  const resident = Array.isArray(ids)
    ? (ids as readonly string[]).includes(schoolId)
    : (ids as ReadonlySet<string>).has(schoolId);
  const priorityHundredths = toHundredths(
    applicant.priorityPoints ?? 0,
    `điểm ưu tiên of ${applicant.id}`,
  );
  if (priorityHundredths < 0) throw new Error(`điểm ưu tiên of ${applicant.id} is negative`);
  return {
    applicantId: applicant.id,
    resident,
    priorityHundredths,
    lotteryNumber: lotteryNumberOf(lottery, applicant.id),
  };
}

/** Residents first, then more điểm ưu tiên, then the lower lottery number, then the id. */
export function compareCatchmentKeys(a: CatchmentKey, b: CatchmentKey): number {
  if (a.resident !== b.resident) return a.resident ? -1 : 1;
  if (a.priorityHundredths !== b.priorityHundredths)
    return b.priorityHundredths - a.priorityHundredths;
  if (a.lotteryNumber !== b.lotteryNumber) return a.lotteryNumber - b.lotteryNumber;
  return compareCodeUnits(a.applicantId, b.applicantId);
}

/**
 * The strict order of one grade 1/6 school over the given applicants (normally: those who
 * named the school among their wishes). `lottery` is the round's {@link lotteryOrder}.
 */
export function buildCatchmentOrder(
  schoolId: string,
  applicants: readonly CatchmentApplicant[],
  lottery: ReadonlyMap<string, number>,
): SchoolOrder<CatchmentKey> {
  return orderFromKeys(
    applicants.map((a) => catchmentKey(a, schoolId, lottery)),
    compareCatchmentKeys,
  );
}

// ---------------------------------------------------------------------------------------------
// Grade 10: điểm xét tuyển = Σ điểm bài thi × hệ số + điểm ưu tiên (+ điểm khuyến khích before 2025)

export interface ExamSubject {
  /** Subject code as used in the score sheets, e.g. "toan", "van", "anh". */
  code: string;
  /** Hệ số (weight) > 0, at most two decimals. */
  weight: DecimalInput;
}

export interface ExamConfig {
  subjects: readonly ExamSubject[];
  /**
   * Subjects compared, in order, between applicants with the same composite score (higher
   * first), before the lottery; e.g. ["van", "toan"]. They need not be weighted subjects.
   */
  tieBreakSubjects?: readonly string[];
  /** Add điểm ưu tiên to the composite (default true). */
  includePriorityPoints?: boolean;
  /** Add điểm khuyến khích to the composite (default false: Circular 30/2024 no longer adds them; true for earlier intakes). */
  includeBonusPoints?: boolean;
  /**
   * Điểm liệt: an applicant with a subject score at or below this value in any weighted subject
   * is not admissible (e.g. 0, or 1 in some years). Absent = no such rule.
   */
  failAtOrBelow?: DecimalInput;
  /** Highest possible subject score (default 10). */
  maxScore?: DecimalInput;
}

export interface ExamApplicant {
  id: string;
  /** Subject code → score; a missing weighted or tie-break subject means absent (vắng thi). */
  scores: Readonly<Record<string, DecimalInput | undefined>>;
  /** Điểm ưu tiên. */
  priorityPoints?: DecimalInput;
  /** Điểm khuyến khích. */
  bonusPoints?: DecimalInput;
}

export interface ExamKey {
  applicantId: string;
  /** Điểm xét tuyển in ten-thousandths (24.25 → 242500). */
  composite: number;
  /** Scores of the tie-break subjects, in hundredths, in the configured order. */
  tieBreak: number[];
  lotteryNumber: number;
}

export interface Ineligible {
  applicantId: string;
  reason: string;
}

/** A validated exam configuration with weights as integers (hundredths). */
interface CompiledExam {
  subjects: Array<{ code: string; weight: number }>;
  tieBreak: string[];
  priority: boolean;
  bonus: boolean;
  failAtOrBelow: number | undefined;
  maxScore: number;
}

function compileExam(config: ExamConfig): CompiledExam {
  if (!config.subjects || config.subjects.length === 0) throw new Error('exam config: no subjects');
  const codes = new Set<string>();
  const subjects = config.subjects.map((s) => {
    if (codes.has(s.code)) throw new Error(`exam config: subject ${s.code} listed twice`);
    codes.add(s.code);
    const weight = toHundredths(s.weight, `exam config: weight of ${s.code}`);
    if (weight <= 0) throw new Error(`exam config: weight of ${s.code} must be positive`);
    return { code: s.code, weight };
  });
  const tieBreak = [...(config.tieBreakSubjects ?? [])];
  if (new Set(tieBreak).size !== tieBreak.length)
    throw new Error('exam config: a tie-break subject is listed twice');
  return {
    subjects,
    tieBreak,
    priority: config.includePriorityPoints ?? true,
    bonus: config.includeBonusPoints ?? false,
    failAtOrBelow:
      config.failAtOrBelow === undefined
        ? undefined
        : toHundredths(config.failAtOrBelow, 'exam config: failAtOrBelow'),
    maxScore: toHundredths(config.maxScore ?? 10, 'exam config: maxScore'),
  };
}

function scoreOf(c: CompiledExam, a: ExamApplicant, code: string): number | undefined {
  const raw = a.scores[code];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const h = toHundredths(raw, `score ${code} of ${a.id}`);
  if (h < 0 || h > c.maxScore)
    throw new Error(`score ${code} of ${a.id} is outside 0..${formatHundredths(c.maxScore)}`);
  return h;
}

function examKeyCompiled(
  c: CompiledExam,
  a: ExamApplicant,
  lottery: ReadonlyMap<string, number>,
): ExamKey | Ineligible {
  let composite = 0;
  for (const s of c.subjects) {
    const score = scoreOf(c, a, s.code);
    if (score === undefined) return { applicantId: a.id, reason: `no score in ${s.code}` };
    if (c.failAtOrBelow !== undefined && score <= c.failAtOrBelow) {
      return { applicantId: a.id, reason: `điểm liệt in ${s.code} (${formatHundredths(score)})` };
    }
    composite += score * s.weight;
  }
  const tieBreak: number[] = [];
  for (const code of c.tieBreak) {
    const score = scoreOf(c, a, code);
    if (score === undefined)
      return { applicantId: a.id, reason: `no score in tie-break subject ${code}` };
    tieBreak.push(score);
  }
  for (const [include, value, label] of [
    [c.priority, a.priorityPoints, 'điểm ưu tiên'],
    [c.bonus, a.bonusPoints, 'điểm khuyến khích'],
  ] as const) {
    if (!include || value === undefined) continue;
    const h = toHundredths(value, `${label} of ${a.id}`);
    if (h < 0) throw new Error(`${label} of ${a.id} is negative`);
    composite += h * 100;
  }
  return { applicantId: a.id, composite, tieBreak, lotteryNumber: lotteryNumberOf(lottery, a.id) };
}

/** The ordering key of a grade 10 applicant, or why the applicant is not admissible. */
export function examKey(
  config: ExamConfig,
  applicant: ExamApplicant,
  lottery: ReadonlyMap<string, number>,
): ExamKey | Ineligible {
  return examKeyCompiled(compileExam(config), applicant, lottery);
}

export function isIneligible(k: ExamKey | Ineligible): k is Ineligible {
  return (k as Ineligible).reason !== undefined;
}

/** Higher composite first, then higher tie-break scores in order, then lower lottery number. */
export function compareExamKeys(a: ExamKey, b: ExamKey): number {
  if (a.composite !== b.composite) return b.composite - a.composite;
  const n = Math.min(a.tieBreak.length, b.tieBreak.length);
  for (let i = 0; i < n; i++)
    if (a.tieBreak[i] !== b.tieBreak[i]) return b.tieBreak[i] - a.tieBreak[i];
  if (a.lotteryNumber !== b.lotteryNumber) return a.lotteryNumber - b.lotteryNumber;
  return compareCodeUnits(a.applicantId, b.applicantId);
}

/**
 * The strict grade 10 order over the given applicants under one exam configuration, plus the
 * applicants that cannot be admitted (absent from a subject, điểm liệt).
 */
export function buildExamOrder(
  config: ExamConfig,
  applicants: readonly ExamApplicant[],
  lottery: ReadonlyMap<string, number>,
): SchoolOrder<ExamKey> & { ineligible: Ineligible[] } {
  const compiled = compileExam(config);
  const keys: ExamKey[] = [];
  const ineligible: Ineligible[] = [];
  for (const a of applicants) {
    const k = examKeyCompiled(compiled, a, lottery);
    if (isIneligible(k)) ineligible.push(k);
    else keys.push(k);
  }
  return Object.assign(orderFromKeys(keys, compareExamKeys), { ineligible });
}

/** Human-readable form of a grade 10 key, e.g. "24.25 (van 8.00, toan 8.25) #17". */
export function describeExamKey(key: ExamKey, tieBreakSubjects: readonly string[] = []): string {
  const tb = key.tieBreak
    .map((h, i) => `${tieBreakSubjects[i] ?? `tb${i + 1}`} ${formatHundredths(h)}`)
    .join(', ');
  return `${formatComposite(key.composite)}${tb ? ` (${tb})` : ''} #${key.lotteryNumber}`;
}

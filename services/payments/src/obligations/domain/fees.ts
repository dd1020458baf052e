/**
 * What a family owes: the fee catalogue, the obligations it produces for a student in a billing
 * period, and the entitlements (miễn, giảm học phí; hỗ trợ ăn trưa; hỗ trợ chi phí học tập) that
 * reduce them.
 *
 * Sources and the rules taken from them:
 * - Tuition (học phí) is set by the provincial People's Council per level and area segment,
 *   inside the frame of Decree 81/2021/NĐ-CP (amended by 97/2023/NĐ-CP), and is collected by
 *   month over the 9 billable months of the school year. The amounts in this module's tests are
 *   illustrative, not the Quảng Ninh resolution's figures: the catalogue is data.
 * - Health insurance for pupils (BHYT học sinh) is mandatory, bought once a year: 4.5 % of the
 *   base salary per month with at least 30 % paid by the state budget — see
 *   `healthInsuranceContribution`.
 * - Service fees (khoản thu dịch vụ phục vụ, hỗ trợ hoạt động giáo dục) per NQ 34/2021/NQ-HĐND
 *   of Quảng Ninh, each monthly, per term or per year. The department's guidance for school year 2025-2026 (footnote 9) classes tuition and
 *   health insurance as mandatory and NQ 34 service fees as voluntary, so a non-mandatory item is
 *   only charged to a student whose family opted in (`Student.optedInServices`).
 * - Entitlements per Decree 81/2021 Art. 15 (exemption, 100 %), Art. 16 (reduction 70 % / 50 %),
 *   Art. 18 (study support, 150.000 ₫ a month up to 9 months) and Decree 105/2020/NĐ-CP
 *   (preschool lunch support, 160.000 ₫ a month up to 9 months). A learner in several categories
 *   gets only the most favourable tuition rate — reductions never stack.
 *
 * Proration rules (all rounding is half up to the đồng, once per line):
 * - Enrolments are half-open date ranges [from, until). On a transfer the obligation at the old
 *   school ends on the transfer date (`until` = transfer date, that day not included) and starts
 *   at the new school on the same date — no gap, no overlap.
 * - Monthly fees: calendar days enrolled in the month / days of that month (28…31).
 * - Per-term fees: school days enrolled in the term / school days of the term (weekdays in
 *   `schoolWeekdays` minus `holidays`).
 * - Per-year fees (e.g. health insurance): charged in full, once, by the first school of the year
 *   to which the item applies. A transfer does not re-charge or prorate them.
 */
import {
  compareDates,
  daysInMonth,
  isoWeekday,
  IsoDate,
  assertIsoDate,
  assertIsoMonth,
  monthStart,
  nextMonthStart,
  overlapDays,
  percentOf,
  prorate,
  mulDivRoundHalfUp,
  percentRatio,
  Percent,
  sumVnd,
  minVnd,
  toDayNumber,
  fromDayNumber,
  Vnd,
} from '../../shared/money';

export type SchoolLevel =
  'preschool' | 'primary' | 'lowerSecondary' | 'upperSecondary' | 'continuingEducation';

/**
 * The area segments targets and tuition depend on: urban, rural, ethnic-minority and mountain
 * areas, islands (the registry's school segments; the province's cashless targets differ by
 * segment).
 */
export type AreaSegment = 'urban' | 'rural' | 'ethnicMinorityMountain' | 'island';

export type FeeKind = 'tuition' | 'healthInsurance' | 'service';
export type Schedule = 'monthly' | 'perTerm' | 'perYear';
export type TermNo = 1 | 2;

export class FeeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeeError';
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar and catalogue
// ---------------------------------------------------------------------------------------------

export interface TermCalendar {
  term: TermNo;
  /** First day of the term. */
  from: IsoDate;
  /** Day after the last day of the term (exclusive). */
  until: IsoDate;
  /** Months (YYYY-MM) in which monthly fees are billed for this term. */
  billableMonths: readonly string[];
}

export interface SchoolYearCalendar {
  schoolYear: string; // '2025-2026'
  terms: readonly TermCalendar[];
  /** ISO weekdays with lessons (1 = Monday). Default Monday–Friday. */
  schoolWeekdays?: readonly number[];
  /** Days without lessons inside the terms (Tết, public holidays). */
  holidays?: readonly IsoDate[];
}

export interface TuitionRate {
  level: SchoolLevel;
  segment: AreaSegment;
  monthlyAmount: Vnd;
}

export interface FeeItem {
  code: string;
  name: string;
  kind: Exclude<FeeKind, 'tuition'>;
  schedule: Schedule;
  /** Mandatory items are charged to everyone they apply to; others only on opt-in. */
  mandatory: boolean;
  /** Amount per month, per term or per year according to `schedule`. */
  amount: Vnd;
  legalBasis: string;
  levels?: readonly SchoolLevel[];
  segments?: readonly AreaSegment[];
  schoolIds?: readonly string[];
}

export interface FeeCatalogue {
  province: string;
  schoolYear: string;
  calendar: SchoolYearCalendar;
  tuition: { code: string; name: string; legalBasis: string; rates: readonly TuitionRate[] };
  items: readonly FeeItem[];
}

/**
 * The pupil's yearly health-insurance contribution: `baseSalary` × `ratePercent` (4.5 %) ×
 * `months`, minus the state budget's share (`budgetSupportPercent`, at least 30 % for pupils),
 * rounded ONCE at the end. With the 2.340.000 ₫ base salary (from 1 July 2024) and 12 months:
 * 2.340.000 × 4.5 % × 12 × 70 % = 884.520 ₫.
 */
export function healthInsuranceContribution(input: {
  baseSalary: Vnd;
  months: number;
  ratePercent?: Percent;
  budgetSupportPercent?: Percent;
}): Vnd {
  const rate = percentRatio(input.ratePercent ?? '4.5');
  const support = percentRatio(input.budgetSupportPercent ?? 30);
  if (!Number.isSafeInteger(input.months) || input.months < 0 || input.months > 12) {
    throw new FeeError('months must be 0..12');
  }
  // family share = 1 − support = (den − num) / den
  const familyNum = support.denominator - support.numerator;
  if (familyNum < 0n) throw new FeeError('budget support above 100 %');
  return mulDivRoundHalfUp(
    input.baseSalary * BigInt(input.months),
    rate.numerator * familyNum,
    rate.denominator * support.denominator,
  );
}

/** School days in [from, until) per the calendar's weekdays and holidays. */
export function countSchoolDays(
  calendar: SchoolYearCalendar,
  from: IsoDate,
  until: IsoDate,
): number {
  const weekdays = new Set(calendar.schoolWeekdays ?? [1, 2, 3, 4, 5]);
  const holidays = new Set(calendar.holidays ?? []);
  let count = 0;
  for (let n = toDayNumber(from), end = toDayNumber(until); n < end; n++) {
    const date = fromDayNumber(n);
    if (weekdays.has(isoWeekday(date)) && !holidays.has(date)) count++;
  }
  return count;
}

/** Refuses catalogues that would produce wrong bills. Returns the catalogue for chaining. */
export function validateCatalogue(catalogue: FeeCatalogue): FeeCatalogue {
  const { calendar } = catalogue;
  if (calendar.schoolYear !== catalogue.schoolYear) {
    throw new FeeError('calendar and catalogue are for different school years');
  }
  if (calendar.terms.length === 0) throw new FeeError('calendar has no terms');
  const seenMonths = new Set<string>();
  let previousUntil: IsoDate | undefined;
  for (const t of calendar.terms) {
    assertIsoDate(t.from, 'term start');
    assertIsoDate(t.until, 'term end');
    if (compareDates(t.from, t.until) >= 0) throw new FeeError(`term ${t.term} is empty`);
    if (previousUntil && compareDates(t.from, previousUntil) < 0) {
      throw new FeeError(`term ${t.term} overlaps the previous term`);
    }
    previousUntil = t.until;
    for (const m of t.billableMonths) {
      assertIsoMonth(m);
      if (seenMonths.has(m)) throw new FeeError(`month ${m} is billable in two terms`);
      seenMonths.add(m);
    }
  }
  const codes = new Set<string>([catalogue.tuition.code]);
  for (const item of catalogue.items) {
    if (codes.has(item.code)) throw new FeeError(`duplicate fee code ${item.code}`);
    codes.add(item.code);
    if (item.amount < 0n) throw new FeeError(`negative amount for ${item.code}`);
  }
  const rateKeys = new Set<string>();
  for (const r of catalogue.tuition.rates) {
    const key = `${r.level}/${r.segment}`;
    if (rateKeys.has(key)) throw new FeeError(`two tuition rates for ${key}`);
    rateKeys.add(key);
    if (r.monthlyAmount < 0n) throw new FeeError(`negative tuition for ${key}`);
  }
  return catalogue;
}

// ---------------------------------------------------------------------------------------------
// Students and enrolments
// ---------------------------------------------------------------------------------------------

export interface Enrolment {
  schoolId: string;
  level: SchoolLevel;
  segment: AreaSegment;
  from: IsoDate;
  /** Exclusive end (the transfer date), open when absent. */
  until?: IsoDate;
}

export interface Student {
  studentId: string;
  enrolments: readonly Enrolment[];
  /** Codes of voluntary (non-mandatory) service fees the family registered for. */
  optedInServices?: readonly string[];
}

const OPEN_END: IsoDate = '9999-12-31';

function sortedEnrolments(student: Student): Enrolment[] {
  const list = [...student.enrolments].sort((a, b) => compareDates(a.from, b.from));
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!;
    assertIsoDate(e.from, 'enrolment start');
    if (e.until !== undefined) {
      assertIsoDate(e.until, 'enrolment end');
      if (compareDates(e.from, e.until) >= 0)
        throw new FeeError(`empty enrolment at ${e.schoolId}`);
    }
    const next = list[i + 1];
    if (next && compareDates(next.from, e.until ?? OPEN_END) < 0) {
      throw new FeeError(`enrolments at ${e.schoolId} and ${next.schoolId} overlap`);
    }
  }
  return list;
}

/**
 * Moves a student to another school on `date`: the current enrolment now ends on `date`
 * (exclusive) and a new one starts on `date` at the receiving school.
 */
export function transferStudent(
  student: Student,
  date: IsoDate,
  to: Pick<Enrolment, 'schoolId' | 'level' | 'segment'>,
): Student {
  assertIsoDate(date, 'transfer date');
  const list = sortedEnrolments(student);
  const index = list.findIndex(
    (e) => compareDates(e.from, date) < 0 && compareDates(date, e.until ?? OPEN_END) < 0,
  );
  if (index < 0) throw new FeeError(`no enrolment of ${student.studentId} running before ${date}`);
  const current = list[index]!;
  const moved: Enrolment = {
    ...to,
    from: date,
    ...(current.until ? { until: current.until } : {}),
  };
  list.splice(index, 1, { ...current, until: date }, moved);
  return { ...student, enrolments: list };
}

// ---------------------------------------------------------------------------------------------
// Obligations
// ---------------------------------------------------------------------------------------------

export type BillingPeriod =
  { kind: 'month'; month: string } | { kind: 'term'; term: TermNo } | { kind: 'year' };

export interface Proration {
  basis: 'calendarDays' | 'schoolDays' | 'none';
  charged: number;
  of: number;
}

export interface ObligationLine {
  /** Stable id: studentId/schoolId/feeCode/periodKey. */
  lineId: string;
  studentId: string;
  schoolId: string;
  feeCode: string;
  feeName: string;
  kind: FeeKind;
  schedule: Schedule;
  mandatory: boolean;
  /** '2025-10' for monthly fees, '2025-2026/HK1' per term, '2025-2026' per year. */
  periodKey: string;
  term: TermNo;
  /** The part of the fee's period the student is charged for: [serviceFrom, serviceUntil). */
  serviceFrom: IsoDate;
  serviceUntil: IsoDate;
  /** Unprorated amount for the whole month / term / year. */
  fullAmount: Vnd;
  amount: Vnd;
  proration: Proration;
  legalBasis: string;
}

function applies(item: FeeItem, e: Enrolment, student: Student): boolean {
  if (item.levels && !item.levels.includes(e.level)) return false;
  if (item.segments && !item.segments.includes(e.segment)) return false;
  if (item.schoolIds && !item.schoolIds.includes(e.schoolId)) return false;
  return item.mandatory || (student.optedInServices ?? []).includes(item.code);
}

function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

function termOfMonth(calendar: SchoolYearCalendar, month: string): TermCalendar | undefined {
  return calendar.terms.find((t) => t.billableMonths.includes(month));
}

function termOfDate(calendar: SchoolYearCalendar, date: IsoDate): TermCalendar {
  const found = calendar.terms.find((t) => compareDates(date, t.until) < 0);
  return found ?? calendar.terms[calendar.terms.length - 1]!;
}

/**
 * The line items a student owes for `period`, one per fee, school and month/term/year:
 * - month period: the monthly fees of that month (per-term and per-year fees are billed with
 *   term or year periods only);
 * - term period: the monthly fees of the term's billable months, the term's per-term fees, and
 *   the per-year fees when the student's first enrolment of the year starts in that term;
 * - year period: everything.
 * A transfer yields lines at both schools, each prorated to its share.
 */
export function computeObligations(
  student: Student,
  catalogue: FeeCatalogue,
  period: BillingPeriod,
): ObligationLine[] {
  validateCatalogue(catalogue);
  const terms = catalogue.calendar.terms;
  const yearFrom = terms[0]!.from;
  const yearUntil = terms[terms.length - 1]!.until;
  const enrolments = sortedEnrolments(student).filter(
    (e) => overlapDays(e.from, e.until ?? OPEN_END, yearFrom, yearUntil) > 0,
  );
  const { months, periodTerms } = periodScope(catalogue.calendar, period);
  const lines: ObligationLine[] = [];
  for (const e of enrolments) {
    lines.push(...monthlyLines(student, catalogue, e, months));
    lines.push(...perTermLines(student, catalogue, e, periodTerms));
  }
  lines.push(...perYearLines(student, catalogue, enrolments, period));
  return lines;
}

/** The billable months and the terms a billing period covers. */
function periodScope(
  calendar: FeeCatalogue['calendar'],
  period: BillingPeriod,
): { months: string[]; periodTerms: TermCalendar[] } {
  const terms = calendar.terms;
  if (period.kind === 'month') {
    assertIsoMonth(period.month);
    return { months: termOfMonth(calendar, period.month) ? [period.month] : [], periodTerms: [] };
  }
  if (period.kind === 'term') {
    const t = terms.find((x) => x.term === period.term);
    if (!t) throw new FeeError(`no term ${period.term} in ${calendar.schoolYear}`);
    return { months: [...t.billableMonths], periodTerms: [t] };
  }
  return { months: terms.flatMap((t) => t.billableMonths), periodTerms: [...terms] };
}

/** The id and parties of a line: one per student, school, fee and period key. */
const lineBase = (student: Student, e: Enrolment, code: string, periodKey: string) => ({
  lineId: `${student.studentId}/${e.schoolId}/${code}/${periodKey}`,
  studentId: student.studentId,
  schoolId: e.schoolId,
});

/** Monthly: tuition first, then monthly service fees, prorated by calendar days. */
function monthlyLines(
  student: Student,
  catalogue: FeeCatalogue,
  e: Enrolment,
  months: string[],
): ObligationLine[] {
  const { calendar } = catalogue;
  const eUntil = e.until ?? OPEN_END;
  const lines: ObligationLine[] = [];
  for (const month of months) {
    const mFrom = monthStart(month);
    const mUntil = nextMonthStart(month);
    const days = overlapDays(e.from, eUntil, mFrom, mUntil);
    if (days === 0) continue;
    const of = daysInMonth(month);
    const proration: Proration = { basis: 'calendarDays', charged: days, of };
    const common = {
      periodKey: month,
      term: termOfMonth(calendar, month)!.term,
      serviceFrom: maxDate(e.from, mFrom),
      serviceUntil: minDate(eUntil, mUntil),
      proration,
      schedule: 'monthly' as const,
    };
    const rate = catalogue.tuition.rates.find(
      (r) => r.level === e.level && r.segment === e.segment,
    );
    if (!rate) throw new FeeError(`no tuition rate for ${e.level} in ${e.segment} areas`);
    lines.push({
      ...lineBase(student, e, catalogue.tuition.code, month),
      feeCode: catalogue.tuition.code,
      feeName: catalogue.tuition.name,
      kind: 'tuition',
      mandatory: true,
      fullAmount: rate.monthlyAmount,
      amount: prorate(rate.monthlyAmount, days, of),
      legalBasis: catalogue.tuition.legalBasis,
      ...common,
    });
    for (const item of catalogue.items) {
      if (item.schedule !== 'monthly' || !applies(item, e, student)) continue;
      lines.push({
        ...lineBase(student, e, item.code, month),
        feeCode: item.code,
        feeName: item.name,
        kind: item.kind,
        mandatory: item.mandatory,
        fullAmount: item.amount,
        amount: prorate(item.amount, days, of),
        legalBasis: item.legalBasis,
        ...common,
      });
    }
  }
  return lines;
}

/** Per term: prorated by school days. */
function perTermLines(
  student: Student,
  catalogue: FeeCatalogue,
  e: Enrolment,
  periodTerms: TermCalendar[],
): ObligationLine[] {
  const { calendar } = catalogue;
  const eUntil = e.until ?? OPEN_END;
  const lines: ObligationLine[] = [];
  for (const t of periodTerms) {
    const from = maxDate(e.from, t.from);
    const until = minDate(eUntil, t.until);
    if (compareDates(from, until) >= 0) continue;
    const of = countSchoolDays(calendar, t.from, t.until);
    const charged = countSchoolDays(calendar, from, until);
    if (charged === 0 || of === 0) continue;
    const periodKey = `${calendar.schoolYear}/HK${t.term}`;
    for (const item of catalogue.items) {
      if (item.schedule !== 'perTerm' || !applies(item, e, student)) continue;
      lines.push({
        ...lineBase(student, e, item.code, periodKey),
        feeCode: item.code,
        feeName: item.name,
        kind: item.kind,
        schedule: 'perTerm',
        mandatory: item.mandatory,
        periodKey,
        term: t.term,
        serviceFrom: from,
        serviceUntil: until,
        fullAmount: item.amount,
        amount: prorate(item.amount, charged, of),
        proration: { basis: 'schoolDays', charged, of },
        legalBasis: item.legalBasis,
      });
    }
  }
  return lines;
}

/** Per year: once, at the first enrolment of the year the item applies to. */
function perYearLines(
  student: Student,
  catalogue: FeeCatalogue,
  enrolments: Enrolment[],
  period: BillingPeriod,
): ObligationLine[] {
  const { calendar } = catalogue;
  const yearFrom = calendar.terms[0]!.from;
  const yearUntil = calendar.terms[calendar.terms.length - 1]!.until;
  const lines: ObligationLine[] = [];
  for (const item of catalogue.items) {
    if (item.schedule !== 'perYear') continue;
    const e = enrolments.find((x) => applies(item, x, student));
    if (!e) continue;
    const serviceFrom = maxDate(e.from, yearFrom);
    const anchor = termOfDate(calendar, serviceFrom);
    const included =
      period.kind === 'year' || (period.kind === 'term' && period.term === anchor.term);
    if (!included) continue;
    lines.push({
      ...lineBase(student, e, item.code, calendar.schoolYear),
      feeCode: item.code,
      feeName: item.name,
      kind: item.kind,
      schedule: 'perYear',
      mandatory: item.mandatory,
      periodKey: calendar.schoolYear,
      term: anchor.term,
      serviceFrom,
      serviceUntil: minDate(e.until ?? OPEN_END, yearUntil),
      fullAmount: item.amount,
      amount: item.amount,
      proration: { basis: 'none', charged: 1, of: 1 },
      legalBasis: item.legalBasis,
    });
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Entitlements
// ---------------------------------------------------------------------------------------------

export type EntitlementKind =
  'tuitionExemption' | 'tuitionReduction' | 'lunchSupport' | 'studySupport';

export interface EntitlementCategory {
  code: string;
  kind: EntitlementKind;
  /** For exemption/reduction: share of tuition waived. */
  percent?: bigint;
  /** For supports: amount per month. */
  monthlyAmount?: Vnd;
  /** For supports: fee codes the support is deducted from (else paid out to the family). */
  offsetFeeCodes?: readonly string[];
  legalBasis: string;
  description: string;
}

/**
 * Categories of Decree 81/2021/NĐ-CP (as amended by 97/2023/NĐ-CP) relevant to preschool and
 * general education, plus preschool lunch support (Decree 105/2020/NĐ-CP). Codes are ours.
 */
export const ENTITLEMENT_CATEGORIES: Readonly<Record<string, EntitlementCategory>> = Object.freeze({
  EXEMPT_MERITORIOUS: {
    code: 'EXEMPT_MERITORIOUS',
    kind: 'tuitionExemption',
    percent: 100n,
    legalBasis: 'NĐ 81/2021/NĐ-CP Điều 15',
    description: 'Người có công với cách mạng và thân nhân theo Pháp lệnh ưu đãi người có công',
  },
  EXEMPT_DISABILITY: {
    code: 'EXEMPT_DISABILITY',
    kind: 'tuitionExemption',
    percent: 100n,
    legalBasis: 'NĐ 81/2021/NĐ-CP Điều 15',
    description: 'Trẻ em mầm non và học sinh khuyết tật',
  },
  EXEMPT_NO_CARE: {
    code: 'EXEMPT_NO_CARE',
    kind: 'tuitionExemption',
    percent: 100n,
    legalBasis: 'NĐ 81/2021/NĐ-CP Điều 15',
    description: 'Mồ côi / không nơi nương tựa, hưởng trợ cấp xã hội hằng tháng (NĐ 20/2021)',
  },
  EXEMPT_POOR_HOUSEHOLD: {
    code: 'EXEMPT_POOR_HOUSEHOLD',
    kind: 'tuitionExemption',
    percent: 100n,
    legalBasis: 'NĐ 81/2021/NĐ-CP Điều 15',
    description: 'Cha mẹ (hoặc ông bà đang nuôi dưỡng) thuộc hộ nghèo',
  },
  EXEMPT_PRESCHOOL_5Y_DIFFICULT: {
    code: 'EXEMPT_PRESCHOOL_5Y_DIFFICULT',
    kind: 'tuitionExemption',
    percent: 100n,
    legalBasis: 'NĐ 81/2021/NĐ-CP Điều 15',
    description:
      'Trẻ mầm non 5 tuổi ở thôn đặc biệt khó khăn, xã khu vực III, xã bãi ngang, hải đảo',
  },
  REDUCE70_ETHNIC_DIFFICULT: {
    code: 'REDUCE70_ETHNIC_DIFFICULT',
    kind: 'tuitionReduction',
    percent: 70n,
    legalBasis: 'NĐ 81/2021/NĐ-CP Điều 16',
    description: 'Người dân tộc thiểu số (không phải rất ít người) ở thôn/xã đặc biệt khó khăn',
  },
  REDUCE50_PARENT_OCCUPATIONAL: {
    code: 'REDUCE50_PARENT_OCCUPATIONAL',
    kind: 'tuitionReduction',
    percent: 50n,
    legalBasis: 'NĐ 81/2021/NĐ-CP Điều 16',
    description:
      'Con cán bộ, công chức, viên chức, công nhân bị tai nạn lao động / bệnh nghề nghiệp',
  },
  REDUCE50_NEAR_POOR: {
    code: 'REDUCE50_NEAR_POOR',
    kind: 'tuitionReduction',
    percent: 50n,
    legalBasis: 'NĐ 81/2021/NĐ-CP Điều 16',
    description: 'Cha mẹ (hoặc ông bà đang nuôi dưỡng) thuộc hộ cận nghèo',
  },
  STUDY_SUPPORT: {
    code: 'STUDY_SUPPORT',
    kind: 'studySupport',
    monthlyAmount: 150_000n,
    offsetFeeCodes: [],
    legalBasis: 'NĐ 81/2021/NĐ-CP Điều 18',
    description: 'Hỗ trợ chi phí học tập 150.000 đồng/tháng, tối đa 9 tháng/năm học',
  },
  LUNCH_SUPPORT_PRESCHOOL: {
    code: 'LUNCH_SUPPORT_PRESCHOOL',
    kind: 'lunchSupport',
    monthlyAmount: 160_000n,
    offsetFeeCodes: ['TIEN_AN'],
    legalBasis: 'NĐ 105/2020/NĐ-CP',
    description: 'Hỗ trợ ăn trưa trẻ mẫu giáo 160.000 đồng/tháng, tối đa 9 tháng/năm học',
  },
});

/**
 * One append-only record of the entitlement history. Records are never edited: a change is a
 * new record (a new grant with a later `effectiveFrom`, or an `end`). The values (percent,
 * monthly amount) are copied into the record so old bills stay reproducible when rates change.
 */
export interface EntitlementRecord {
  recordId: string;
  studentId: string;
  category: string;
  kind: EntitlementKind;
  action?: 'grant' | 'end';
  percent?: bigint;
  monthlyAmount?: Vnd;
  offsetFeeCodes?: readonly string[];
  effectiveFrom: IsoDate;
  /** When the decision was entered; defaults to `effectiveFrom`. Decisions may be retroactive. */
  recordedOn?: IsoDate;
  decisionRef?: string;
}

/** Builds a grant record from a category of `ENTITLEMENT_CATEGORIES` (or one you pass). */
export function grantEntitlement(
  category: string | EntitlementCategory,
  fields: Pick<EntitlementRecord, 'recordId' | 'studentId' | 'effectiveFrom'> &
    Partial<
      Pick<EntitlementRecord, 'recordedOn' | 'decisionRef' | 'monthlyAmount' | 'offsetFeeCodes'>
    >,
): EntitlementRecord {
  const c = typeof category === 'string' ? ENTITLEMENT_CATEGORIES[category] : category;
  if (!c) throw new FeeError(`unknown entitlement category ${String(category)}`);
  return {
    category: c.code,
    kind: c.kind,
    action: 'grant',
    ...(c.percent !== undefined ? { percent: c.percent } : {}),
    ...(c.monthlyAmount !== undefined ? { monthlyAmount: c.monthlyAmount } : {}),
    ...(c.offsetFeeCodes !== undefined ? { offsetFeeCodes: c.offsetFeeCodes } : {}),
    ...fields,
  };
}

/** Ends a category for a student from `effectiveFrom` (a new record; the grant is kept). */
export function endEntitlement(
  grant: EntitlementRecord,
  fields: Pick<EntitlementRecord, 'recordId' | 'effectiveFrom'> &
    Partial<Pick<EntitlementRecord, 'recordedOn' | 'decisionRef'>>,
): EntitlementRecord {
  return {
    studentId: grant.studentId,
    category: grant.category,
    kind: grant.kind,
    action: 'end',
    ...fields,
  };
}

/**
 * The entitlements in force for a student on `date`, as known on `asOf`: for each category the
 * record with the latest `effectiveFrom` ≤ date among those recorded on or before `asOf` (ties:
 * later `recordedOn`, then later in the list); an `end` record means not in force.
 */
export function entitlementsInForce(
  records: readonly EntitlementRecord[],
  studentId: string,
  date: IsoDate,
  asOf: IsoDate,
): EntitlementRecord[] {
  const latest = new Map<string, { r: EntitlementRecord; index: number }>();
  records.forEach((r, index) => {
    if (r.studentId !== studentId) return;
    if (compareDates(r.recordedOn ?? r.effectiveFrom, asOf) > 0) return;
    if (compareDates(r.effectiveFrom, date) > 0) return;
    const current = latest.get(r.category);
    if (!current || isLater(r, index, current.r, current.index))
      latest.set(r.category, { r, index });
  });
  return [...latest.values()].map((x) => x.r).filter((r) => (r.action ?? 'grant') === 'grant');
}

function isLater(a: EntitlementRecord, ai: number, b: EntitlementRecord, bi: number): boolean {
  const byEffective = compareDates(a.effectiveFrom, b.effectiveFrom);
  if (byEffective !== 0) return byEffective > 0;
  const byRecorded = compareDates(a.recordedOn ?? a.effectiveFrom, b.recordedOn ?? b.effectiveFrom);
  if (byRecorded !== 0) return byRecorded > 0;
  return ai > bi;
}

export interface Deduction {
  recordId: string;
  category: string;
  kind: EntitlementKind;
  amount: Vnd;
}

export interface AdjustedLine extends ObligationLine {
  deductions: Deduction[];
  /** amount − Σ deductions, never negative. */
  net: Vnd;
}

export interface FamilyPayout {
  recordId: string;
  category: string;
  kind: EntitlementKind;
  studentId: string;
  schoolId: string;
  month: string;
  amount: Vnd;
}

export interface EntitlementResult {
  lines: AdjustedLine[];
  gross: Vnd;
  deducted: Vnd;
  net: Vnd;
  /** Support not absorbed by a fee line: paid to the family in cash or transfer. */
  payableToFamily: FamilyPayout[];
}

/**
 * Applies the entitlement history to obligation lines.
 *
 * `asOf` is the knowledge date: only records recorded on or before it count, so re-running a
 * past bill with its original `asOf` reproduces it even after later (retroactive) decisions.
 * Which record applies to a line is decided by the line's first charged day (`serviceFrom`):
 * a decision effective mid-month takes effect from the next month's line unless it is dated from
 * the 1st.
 *
 * - Tuition lines: the single most favourable exemption/reduction in force (100 > 70 > 50);
 *   deduction = percent of the (already prorated) line amount, rounded half up.
 * - Supports (lunch, study): per monthly billed month and school, prorated like that month's
 *   lines (a transfer month is shared between the two schools); deducted from the line whose
 *   fee code is in `offsetFeeCodes` (lunch support from meals), capped at what that line still
 *   costs; the rest — or all of it when there is no such fee — is payable to the family.
 *   Supports therefore follow billed months, at most the 9 billable months of a year.
 */
export function applyEntitlements(
  lines: readonly ObligationLine[],
  entitlements: readonly EntitlementRecord[],
  asOf: IsoDate,
): EntitlementResult {
  assertIsoDate(asOf, 'as-of date');
  const adjusted: AdjustedLine[] = lines.map((l) => ({ ...l, deductions: [], net: l.amount }));
  const deduct = (line: AdjustedLine, r: EntitlementRecord, amount: Vnd) => {
    if (amount <= 0n) return;
    line.deductions.push({ recordId: r.recordId, category: r.category, kind: r.kind, amount });
    line.net -= amount;
  };

  for (const line of adjusted) {
    if (line.kind !== 'tuition') continue;
    const best = entitlementsInForce(entitlements, line.studentId, line.serviceFrom, asOf)
      .filter((r) => r.kind === 'tuitionExemption' || r.kind === 'tuitionReduction')
      .reduce<EntitlementRecord | undefined>(
        (acc, r) => (acc === undefined || (r.percent ?? 0n) > (acc.percent ?? 0n) ? r : acc),
        undefined,
      );
    if (best) deduct(line, best, minVnd(line.net, percentOf(line.amount, best.percent ?? 0n)));
  }

  const payableToFamily: FamilyPayout[] = [];
  const groups = new Map<string, AdjustedLine[]>();
  for (const line of adjusted) {
    if (line.schedule !== 'monthly') continue;
    const key = `${line.studentId}|${line.schoolId}|${line.periodKey}`;
    const group = groups.get(key);
    if (group) group.push(line);
    else groups.set(key, [line]);
  }
  for (const group of groups.values()) {
    const first = group[0]!;
    const supports = entitlementsInForce(
      entitlements,
      first.studentId,
      first.serviceFrom,
      asOf,
    ).filter((r) => r.kind === 'lunchSupport' || r.kind === 'studySupport');
    for (const r of supports) {
      const offsets = r.offsetFeeCodes ?? [];
      const target = group.find((l) => offsets.includes(l.feeCode));
      const carrier = target ?? group.find((l) => l.kind === 'tuition') ?? first;
      const support = prorate(
        r.monthlyAmount ?? 0n,
        carrier.proration.charged,
        carrier.proration.of,
      );
      const absorbed = target ? minVnd(support, target.net) : 0n;
      if (target) deduct(target, r, absorbed);
      const rest = support - absorbed;
      if (rest > 0n) {
        payableToFamily.push({
          recordId: r.recordId,
          category: r.category,
          kind: r.kind,
          studentId: first.studentId,
          schoolId: first.schoolId,
          month: first.periodKey,
          amount: rest,
        });
      }
    }
  }

  const gross = sumVnd(adjusted.map((l) => l.amount));
  const net = sumVnd(adjusted.map((l) => l.net));
  return { lines: adjusted, gross, deducted: gross - net, net, payableToFamily };
}

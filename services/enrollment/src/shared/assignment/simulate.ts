/**
 * One admission round end to end, from domain inputs to results, without side effects: the
 * same function serves the simulation before publishing (with a provisional seed) and the
 * official run (with the revealed seed, checked against its published commitment).
 *
 *   1. the round's single lottery from the seed over all applicants (lottery.ts);
 *   2. each school's strict order (priority.ts): grades 1/6 by tuyến → điểm ưu tiên → lottery,
 *      grade 10 by điểm xét tuyển → tie-break subjects → lottery;
 *   3. student-proposing deferred acceptance over the nguyện vọng (deferred-acceptance.ts);
 *   4. per school: admitted list, cut-off (the key of the last admitted applicant) and waiting
 *      list.
 */
import { containingAreaKeys } from './catchment';
import { assign } from './deferred-acceptance';
import { commitSeed, lotteryOrder, verifySeed } from './lottery';
import {
  buildCatchmentOrder,
  buildExamOrder,
  CatchmentApplicant,
  CatchmentKey,
  DecimalInput,
  ExamConfig,
  ExamKey,
  formatComposite,
  formatHundredths,
  Ineligible,
  SchoolOrder,
} from './priority';

export type Grade = 1 | 6 | 10;

export interface RoundSchool {
  id: string;
  /** Chỉ tiêu (places). */
  capacity: number;
  /**
   * Grades 1/6: keys of the areas forming the school's tuyến (`residentialAreaKey`): a whole
   * xã/phường, or one of its thôn/khu/tổ dân phố.
   */
  catchmentAreas?: readonly string[];
  /** Grade 10: this school's own exam configuration (e.g. a trường chuyên); default the round's. */
  exam?: ExamConfig;
}

export interface RoundApplicant {
  /** Application number (mã hồ sơ) — published with the lottery; not the personal ID number. */
  id: string;
  /** Nguyện vọng: school ids, most preferred first. */
  wishes: readonly string[];
  /**
   * Grades 1/6: key of the registered residence (`residentialAreaKey`); in the tuyến of a school
   * listing its locality or its whole commune (`containingAreaKeys`).
   */
  residenceArea?: string;
  /** Grades 1/6: schools whose tuyến the applicant belongs to, when assigned explicitly. */
  catchmentSchoolIds?: readonly string[];
  /** Điểm ưu tiên. */
  priorityPoints?: DecimalInput;
  /** Grade 10: điểm khuyến khích. */
  bonusPoints?: DecimalInput;
  /** Grade 10: exam scores by subject code. */
  scores?: Readonly<Record<string, DecimalInput | undefined>>;
}

export interface RoundInput {
  grade: Grade;
  /** For the record, e.g. "2025-2026". */
  schoolYear?: string;
  /** The revealed seed (or a provisional one for a simulation). */
  seed: string;
  /** The commitment published before the draw; when given, the seed must match it. */
  seedCommitment?: string;
  schools: readonly RoundSchool[];
  applicants: readonly RoundApplicant[];
  /** Grade 10: subjects, weights, tie-break subjects (schools may override). */
  exam?: ExamConfig;
  /** Maximum nguyện vọng per applicant; default 3 for grade 10, unlimited otherwise. */
  maxWishes?: number;
}

export type CutoffKey =
  | {
      kind: 'catchment';
      resident: boolean;
      priorityPoints: string;
      lotteryNumber: number;
      label: string;
    }
  | {
      kind: 'exam';
      composite: string;
      tieBreak: Array<{ subject: string; score: string }>;
      lotteryNumber: number;
      label: string;
    };

export interface SchoolOutcome {
  schoolId: string;
  capacity: number;
  /** Applicants who named the school among their wishes. */
  applied: number;
  /** Admitted applicants, the school's best first. */
  admitted: string[];
  /** The key of the last admitted applicant; null when nobody was admitted. */
  cutoff: CutoffKey | null;
  /** All places taken (when false, every admissible applicant who wanted it got in). */
  full: boolean;
  /**
   * Applicants who wished the school and were not admitted there but would take a place
   * there — unplaced, or placed at a school they listed lower — in the school's order. Those
   * placed at a school they listed higher, and those the school may not admit, are left out.
   */
  waitingList: string[];
}

export interface RoundResult {
  grade: Grade;
  schoolYear?: string;
  /** SHA-256 of the seed (what must have been published before the draw). */
  seedCommitment: string;
  /** The round's lottery numbers (1 = luckiest). */
  lottery: Map<string, number>;
  /** Applicant id → school id or null, in input order. */
  assignments: Map<string, string | null>;
  /** Per school, in input order. */
  schools: Map<string, SchoolOutcome>;
  /** Applicants with no place, in input order. */
  unplaced: string[];
  /** Grade 10: (applicant, school) pairs excluded before the assignment, with the reason. */
  ineligible: Array<Ineligible & { schoolId: string }>;
  /** Deferred-acceptance rounds. */
  rounds: number;
}

/** Runs a whole admission round. Pure: same input, same result. */
export function simulateRound(input: RoundInput): RoundResult {
  if (input.seedCommitment !== undefined && !verifySeed(input.seed, input.seedCommitment)) {
    throw new Error('simulateRound: the seed does not match the published commitment');
  }
  const maxWishes = input.maxWishes ?? (input.grade === 10 ? 3 : undefined);
  const schoolById = new Map<string, RoundSchool>();
  for (const s of input.schools) {
    if (schoolById.has(s.id)) throw new Error(`simulateRound: duplicate school id ${s.id}`);
    schoolById.set(s.id, s);
  }
  const applicantsOf = new Map<string, RoundApplicant[]>(input.schools.map((s) => [s.id, []]));
  for (const a of input.applicants) {
    if (maxWishes !== undefined && a.wishes.length > maxWishes) {
      throw new Error(
        `simulateRound: applicant ${a.id} has ${a.wishes.length} wishes, at most ${maxWishes} allowed`,
      );
    }
    for (const w of a.wishes) {
      const list = applicantsOf.get(w);
      if (!list) throw new Error(`simulateRound: applicant ${a.id} wishes unknown school ${w}`);
      list.push(a);
    }
  }

  // 1. One lottery for the whole round (single tie-breaking).
  const lottery = lotteryOrder(
    input.seed,
    input.applicants.map((a) => a.id),
  );

  // 2. Each school's order.
  const orders = new Map<string, SchoolOrder<CatchmentKey> | SchoolOrder<ExamKey>>();
  const cutoffOf = new Map<string, (key: CatchmentKey | ExamKey) => CutoffKey>();
  const ineligible: RoundResult['ineligible'] = [];
  if (input.grade === 10) {
    // Schools sharing an exam configuration share one order, computed once over their applicants.
    const groups = new Map<ExamConfig, string[]>();
    for (const s of input.schools) {
      const config = s.exam ?? input.exam;
      if (!config)
        throw new Error(`simulateRound: grade 10 needs an exam configuration (school ${s.id})`);
      groups.set(config, [...(groups.get(config) ?? []), s.id]);
    }
    for (const [config, schoolIds] of groups) {
      const members = new Set(schoolIds);
      const applicants = input.applicants.filter((a) => a.wishes.some((w) => members.has(w)));
      const order = buildExamOrder(
        config,
        applicants.map((a) => ({
          id: a.id,
          scores: a.scores ?? {},
          priorityPoints: a.priorityPoints,
          bonusPoints: a.bonusPoints,
        })),
        lottery,
      );
      const reasons = new Map(order.ineligible.map((x) => [x.applicantId, x.reason] as const));
      const tieBreak = [...(config.tieBreakSubjects ?? [])];
      const cutoff = (k: CatchmentKey | ExamKey) => examCutoff(k as ExamKey, tieBreak);
      for (const schoolId of schoolIds) {
        orders.set(schoolId, order);
        cutoffOf.set(schoolId, cutoff);
      }
      for (const a of applicants) {
        const reason = reasons.get(a.id);
        if (reason === undefined) continue;
        for (const w of a.wishes)
          if (members.has(w)) ineligible.push({ applicantId: a.id, schoolId: w, reason });
      }
    }
  } else {
    const areaSchools = new Map<string, string[]>();
    for (const s of input.schools) {
      for (const area of s.catchmentAreas ?? [])
        areaSchools.set(area, [...(areaSchools.get(area) ?? []), s.id]);
    }
    for (const s of input.schools) {
      const applicants: CatchmentApplicant[] = applicantsOf.get(s.id)!.map((a) => ({
        id: a.id,
        residentSchoolIds: residentSchools(a, areaSchools),
        priorityPoints: a.priorityPoints,
      }));
      orders.set(s.id, buildCatchmentOrder(s.id, applicants, lottery));
      cutoffOf.set(s.id, (k) => catchmentCutoff(k as CatchmentKey));
    }
  }

  // 3. Deferred acceptance.
  const result = assign({
    applicants: input.applicants,
    schools: input.schools,
    maxWishes,
    rank: (schoolId, applicantId) => orders.get(schoolId)!.rank.get(applicantId) ?? Infinity,
  });

  // 4. Per school outcome.
  const wishesOf = new Map(input.applicants.map((a) => [a.id, a.wishes] as const));
  const schools = new Map<string, SchoolOutcome>();
  for (const s of input.schools) {
    const order = orders.get(s.id)!;
    const admitted = result.admittedBySchool.get(s.id)!;
    const last = admitted.length > 0 ? order.keyOf(admitted[admitted.length - 1]) : undefined;
    const waitingList: string[] = [];
    const applied = applicantsOf.get(s.id)!;
    const ranked: Array<{ id: string; rank: number }> = [];
    for (const a of applied) {
      const rank = order.rank.get(a.id);
      if (rank !== undefined) ranked.push({ id: a.id, rank });
    }
    ranked.sort((x, y) => x.rank - y.rank);
    for (const { id } of ranked) {
      const placed = result.assignments.get(id) ?? null;
      if (placed === s.id) continue;
      const wishes = wishesOf.get(id)!;
      const here = wishes.indexOf(s.id);
      if (placed === null || here < wishes.indexOf(placed)) waitingList.push(id);
    }
    schools.set(s.id, {
      schoolId: s.id,
      capacity: s.capacity,
      applied: applied.length,
      admitted,
      cutoff: last ? cutoffOf.get(s.id)!(last) : null,
      full: admitted.length >= s.capacity,
      waitingList,
    });
  }
  const unplaced: string[] = [];
  for (const [id, school] of result.assignments) if (school === null) unplaced.push(id);

  return {
    grade: input.grade,
    schoolYear: input.schoolYear,
    seedCommitment: commitSeed(input.seed),
    lottery,
    assignments: result.assignments,
    schools,
    unplaced,
    ineligible,
    rounds: result.rounds,
  };
}

function residentSchools(
  a: RoundApplicant,
  areaSchools: ReadonlyMap<string, readonly string[]>,
): string[] {
  // A residence in a locality is in the catchments listing that locality or its whole commune.
  const fromArea =
    a.residenceArea !== undefined
      ? [...new Set(containingAreaKeys(a.residenceArea).flatMap((k) => areaSchools.get(k) ?? []))]
      : [];
  return a.catchmentSchoolIds ? [...fromArea, ...a.catchmentSchoolIds] : [...fromArea];
}

function catchmentCutoff(k: CatchmentKey): CutoffKey {
  const priorityPoints = formatHundredths(k.priorityHundredths);
  return {
    kind: 'catchment',
    resident: k.resident,
    priorityPoints,
    lotteryNumber: k.lotteryNumber,
    label: `${k.resident ? 'đúng tuyến' : 'trái tuyến'}, điểm ưu tiên ${priorityPoints}, bốc thăm #${k.lotteryNumber}`,
  };
}

function examCutoff(k: ExamKey, tieBreakSubjects: readonly string[]): CutoffKey {
  const composite = formatComposite(k.composite);
  const tieBreak = k.tieBreak.map((h, i) => ({
    subject: tieBreakSubjects[i],
    score: formatHundredths(h),
  }));
  const tb = tieBreak.map((t) => `${t.subject} ${t.score}`).join(', ');
  return {
    kind: 'exam',
    composite,
    tieBreak,
    lotteryNumber: k.lotteryNumber,
    label: `điểm xét tuyển ${composite}${tb ? ` (${tb})` : ''}, bốc thăm #${k.lotteryNumber}`,
  };
}

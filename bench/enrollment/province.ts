import { seededRandom } from '@qn/demo-kit';
/**
 * Synthetic, deterministic province-sized admission rounds for the assignment benchmark.
 *
 * Shape (defaults: 60,000 applicants, 400 schools):
 *   - schools are grouped in localities of 20 (think of the former district-level units and
 *     the communes/wards after the 2025 reform); each school has its own tuyến (catchment
 *     area `Z<school>`) and a popularity weight drawn from a Zipf law within its locality, so
 *     a few schools per locality are heavily oversubscribed and the rest are not;
 *   - capacities sum to ~95% of the applicants, spread around the average (×0.5…1.5);
 *   - each applicant lives in one catchment (chosen in proportion to capacities), has 1–3
 *     nguyện vọng (10% / 25% / 65%): the first is the home school 55% of the time, otherwise a
 *     popular school of the locality (5% anywhere in the province); later wishes are drawn by
 *     popularity in the locality; for grades 1/6, 80% of those who did not list their home
 *     school put it as their last wish; ~12% have điểm ưu tiên;
 *   - grade 10 variant: exam scores in Toán, Ngữ văn, Tiếng Anh by 0.25, correlated with an
 *     ability per applicant; stronger applicants aim at more popular schools.
 */
import type {
  RoundApplicant,
  RoundInput,
  RoundSchool,
} from '../../services/enrollment/src/shared/assignment/simulate';
import type { AssignmentInput } from '../../services/enrollment/src/shared/assignment/deferred-acceptance';
import { lotteryOrder } from '../../services/enrollment/src/shared/assignment/lottery';
import {
  buildCatchmentOrder,
  buildExamOrder,
  ExamConfig,
} from '../../services/enrollment/src/shared/assignment/priority';

export interface ProvinceOptions {
  applicants: number;
  schools: number;
  grade: 1 | 6 | 10;
  /** PRNG seed for the data (not the lottery seed). */
  dataSeed?: number;
  /** Places ÷ applicants (default 0.95). */
  placesRatio?: number;
}

export const BENCH_EXAM: ExamConfig = {
  subjects: [
    { code: 'toan', weight: 1 },
    { code: 'van', weight: 1 },
    { code: 'anh', weight: 1 },
  ],
  tieBreakSubjects: ['van', 'toan'],
  failAtOrBelow: 0,
};

const LOCALITY_SIZE = 20;

export function generateProvinceRound(options: ProvinceOptions): RoundInput {
  const rnd = seededRandom(options.dataSeed ?? 20250601);
  const m = options.schools;
  const n = options.applicants;
  const places = Math.round(n * (options.placesRatio ?? 0.95));

  // Schools: capacity around the mean, popularity Zipf(1.1) by a random rank in the locality.
  const raw = Array.from({ length: m }, () => 0.5 + rnd());
  const rawSum = raw.reduce((x, y) => x + y, 0);
  const capacities = raw.map((x) => Math.floor((x / rawSum) * places));
  for (
    let k = 0, left = places - capacities.reduce((x, y) => x + y, 0);
    left > 0;
    k = (k + 1) % m, left--
  )
    capacities[k]++;
  const localities = Math.ceil(m / LOCALITY_SIZE);
  const localityOf = (s: number) => Math.floor(s / LOCALITY_SIZE);
  const popularity = new Float64Array(m);
  for (let l = 0; l < localities; l++) {
    const members = Array.from(
      { length: Math.min(LOCALITY_SIZE, m - l * LOCALITY_SIZE) },
      (_, k) => l * LOCALITY_SIZE + k,
    );
    shuffle(members, rnd);
    members.forEach((s, r) => (popularity[s] = 1 / Math.pow(r + 1, 1.1)));
  }
  const schoolId = (s: number) =>
    `${options.grade === 10 ? 'THPT' : options.grade === 6 ? 'THCS' : 'TH'}-${String(s).padStart(3, '0')}`;
  const schools: RoundSchool[] = Array.from({ length: m }, (_, s) => ({
    id: schoolId(s),
    capacity: capacities[s],
    catchmentAreas: options.grade === 10 ? undefined : [`Z${s}`],
  }));

  // Cumulative weights for sampling a home catchment (∝ capacity) and schools by popularity.
  const homeCum = cumulative(capacities);
  const localityCum = Array.from({ length: localities }, (_, l) => {
    const members = Array.from(
      { length: Math.min(LOCALITY_SIZE, m - l * LOCALITY_SIZE) },
      (_, k) => l * LOCALITY_SIZE + k,
    );
    return { members, cum: cumulative(members.map((s) => popularity[s])) };
  });
  const provinceCum = cumulative(Array.from(popularity));

  const applicants: RoundApplicant[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const home = pick(homeCum, rnd);
    const { members, cum } = localityCum[localityOf(home)];
    const u = rnd();
    const count = u < 0.1 ? 1 : u < 0.35 ? 2 : 3;
    const wishes: number[] = [];
    const ability = normal(rnd);
    let guard = 0;
    while (wishes.length < Math.min(count, members.length) && guard++ < 50) {
      let s: number;
      if (wishes.length === 0 && options.grade !== 10 && rnd() < 0.55) s = home;
      else if (rnd() < 0.05) s = pick(provinceCum, rnd);
      else {
        // Grade 10: stronger applicants aim higher (resample towards popular schools).
        s = members[pick(cum, rnd)];
        if (options.grade === 10 && ability > 0.5) {
          const t = members[pick(cum, rnd)];
          if (popularity[t] > popularity[s]) s = t;
        }
      }
      if (!wishes.includes(s)) wishes.push(s);
    }
    // Grades 1/6: most families keep their tuyến school as a safety wish.
    if (options.grade !== 10 && !wishes.includes(home) && rnd() < 0.8)
      wishes[wishes.length - 1] = home;
    const applicant: RoundApplicant = {
      id: `HS${String(i).padStart(6, '0')}`,
      wishes: wishes.map(schoolId),
      residenceArea: `Z${home}`,
      priorityPoints: rnd() < 0.12 ? [0.5, 1, 1.5, 2][Math.floor(rnd() * 4)] : undefined,
    };
    if (options.grade === 10) {
      const score = () =>
        Math.max(0, Math.min(40, Math.round((6.2 + 1.6 * ability + 1.1 * normal(rnd)) * 4))) / 4;
      applicant.scores = { toan: score(), van: score(), anh: score() };
      applicant.residenceArea = undefined;
    }
    applicants[i] = applicant;
  }
  return {
    grade: options.grade,
    schoolYear: '2025-2026',
    seed: 'bench-seed-0000000000000000000000000000000000000000000000000000000000',
    schools,
    applicants,
    exam: options.grade === 10 ? BENCH_EXAM : undefined,
  };
}

function cumulative(weights: readonly number[]): Float64Array {
  const cum = new Float64Array(weights.length);
  let t = 0;
  for (let k = 0; k < weights.length; k++) cum[k] = t += weights[k];
  return cum;
}

/** Index drawn with probability ∝ weight (binary search in the cumulative weights). */
function pick(cum: Float64Array, rnd: () => number): number {
  const x = rnd() * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function shuffle<T>(xs: T[], rnd: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}

/** Standard normal (Box–Muller). */
function normal(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/**
 * The assignment input of a round — each school's strict order precomputed as in
 * simulateRound (one lottery, tuyến → điểm ưu tiên → lottery, or exam score), exposed as a
 * `rank` function backed by one Map per school — so `assign` can be timed on its own.
 */
export function assignmentInputOf(round: RoundInput): AssignmentInput {
  const lottery = lotteryOrder(
    round.seed,
    round.applicants.map((a) => a.id),
  );
  const ranks = new Map<string, ReadonlyMap<string, number>>();
  if (round.grade === 10) {
    const order = buildExamOrder(
      round.exam!,
      round.applicants.map((a) => ({
        id: a.id,
        scores: a.scores ?? {},
        priorityPoints: a.priorityPoints,
        bonusPoints: a.bonusPoints,
      })),
      lottery,
    );
    for (const s of round.schools) ranks.set(s.id, order.rank);
  } else {
    const byArea = new Map<string, string>();
    for (const s of round.schools) for (const z of s.catchmentAreas ?? []) byArea.set(z, s.id);
    const applicantsOf = new Map<string, RoundApplicant[]>(round.schools.map((s) => [s.id, []]));
    for (const a of round.applicants) for (const w of a.wishes) applicantsOf.get(w)!.push(a);
    for (const s of round.schools) {
      const list = applicantsOf.get(s.id)!.map((a) => ({
        id: a.id,
        residentSchoolIds:
          a.residenceArea !== undefined && byArea.has(a.residenceArea)
            ? [byArea.get(a.residenceArea)!]
            : [],
        priorityPoints: a.priorityPoints,
      }));
      ranks.set(s.id, buildCatchmentOrder(s.id, list, lottery).rank);
    }
  }
  return {
    applicants: round.applicants,
    schools: round.schools,
    maxWishes: 3,
    rank: (schoolId, applicantId) => ranks.get(schoolId)!.get(applicantId) ?? Infinity,
  };
}

/**
 * Admission demand of the demo (pure, seeded): places at every school of the level and the
 * applications, with a few popular schools (trường "hot") that far more families put first than
 * they have places, so the priorities (tuyến, điểm ưu tiên), the lottery and deferred acceptance
 * decide who gets in, and some families who named only popular schools stay unplaced on their
 * waiting lists. Grade 10 candidates get entrance exam scores from the exam board.
 */
import { seededRandom } from '@qn/demo-kit';
import { demoApplicants, DemoApplicant } from './demo-applicants';

export type DemoGrade = 1 | 6 | 10;

export interface DemandSchool {
  id: string;
  code: string;
  /** The commune-level unit (its tuyến for grades 1 and 6). */
  parentId: string | null;
  segment: string;
}

export interface DemandApplication {
  applicant: DemoApplicant;
  wishes: string[];
  residenceOrgUnitId: string | null;
  priorityCategories: string[];
  /** Handed in on paper at the first wish's school. */
  paper: boolean;
}

export interface DemandPlan {
  /** Places (chỉ tiêu) per school id. */
  seats: Map<string, number>;
  /** The popular schools. */
  popular: string[];
  applications: DemandApplication[];
}

export const DEMO_MAX_WISHES: Record<DemoGrade, number> = { 1: 2, 6: 2, 10: 3 };
const BIRTH_YEAR: Record<DemoGrade, number> = { 1: 2020, 6: 2015, 10: 2011 };
/** Share of DEMO_APPLICATIONS per grade. */
const SHARE: Record<DemoGrade, number> = { 1: 0.5, 6: 0.3, 10: 0.2 };
const POPULAR_COUNT: Record<DemoGrade, number> = { 1: 6, 6: 5, 10: 4 };
/** Share of the applicants who put a popular school first. */
const POPULAR_SHARE = 0.55;
/** Places of a popular school, as a share of the first wishes it can expect. */
const POPULAR_SEATS = 0.6;
const SEATS: Record<string, number> = {
  urban: 140,
  rural: 90,
  'ethnic-minority-mountain': 45,
  island: 40,
};
const PAPER_SHARE: Record<string, number> = {
  urban: 0.05,
  rural: 0.15,
  'ethnic-minority-mountain': 0.35,
  island: 0.3,
};

/** The applicants of a grade's demo round (the same for the loader and the exam board). */
export function demoRoundApplicants(
  grade: DemoGrade,
  total: number,
  seed: number,
): DemoApplicant[] {
  return demoApplicants(Math.round(total * SHARE[grade]), BIRTH_YEAR[grade], seed + grade);
}

/** Places and applications of a grade's round over `schools` (every school of the level). */
export function planDemand(
  grade: DemoGrade,
  schools: readonly DemandSchool[],
  total: number,
  seed: number,
): DemandPlan {
  const rnd = seededRandom(seed * 31 + grade);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const sorted = [...schools].sort((a, b) => a.code.localeCompare(b.code));
  // Grade 10: the best-known upper-secondary schools (the first codes: Chuyên Hạ Long, Hòn Gai,
  // Bãi Cháy, Ngô Quyền); grades 1 and 6: urban schools drawn by the seed.
  const urban = sorted.filter((s) => s.segment === 'urban');
  const popular =
    grade === 10
      ? urban.slice(0, POPULAR_COUNT[grade])
      : urban
          .map((s) => ({ s, r: rnd() }))
          .sort((a, b) => a.r - b.r)
          .slice(0, POPULAR_COUNT[grade])
          .map((x) => x.s);
  const popularIds = new Set(popular.map((s) => s.id));
  const applicants = demoRoundApplicants(grade, total, seed);
  const expectedFirst = (applicants.length * POPULAR_SHARE) / Math.max(1, popular.length);
  const seats = new Map(
    sorted.map((s) => [
      s.id,
      popularIds.has(s.id)
        ? Math.max(3, Math.floor(expectedFirst * POPULAR_SEATS))
        : (SEATS[s.segment] ?? 60),
    ]),
  );
  const communes = [...new Set(sorted.map((s) => s.parentId).filter((p): p is string => !!p))];
  const sameCommune = (s: DemandSchool) =>
    sorted.filter((o) => o.parentId === s.parentId && o.id !== s.id && !popularIds.has(o.id));

  const applications = applicants.map((applicant): DemandApplication => {
    const wantsPopular = popular.length > 0 && rnd() < POPULAR_SHARE;
    const first = wantsPopular ? pick(popular) : pick(sorted);
    // Most live in the school's tuyến; some families from elsewhere try the popular schools.
    const residence =
      wantsPopular && rnd() < 0.3 ? pick(communes) : (first.parentId ?? pick(communes));
    const wishes = [first.id];
    if (wantsPopular && rnd() < 0.45) {
      // only popular schools: unplaced if none takes them
      const others = popular.filter((p) => p.id !== first.id);
      if (grade === 10 && others.length) wishes.push(pick(others).id);
    } else {
      const near = sameCommune(first);
      if (near.length) wishes.push(pick(near).id);
      if (grade === 10) {
        const rest = sorted.filter((s) => !wishes.includes(s.id) && !popularIds.has(s.id));
        if (rest.length) wishes.push(pick(rest).id);
      }
    }
    const categories: string[] = [];
    if (rnd() < 0.03) categories.push('CON-LIET-SI');
    if (first.segment === 'ethnic-minority-mountain' ? rnd() < 0.4 : rnd() < 0.04)
      categories.push('DTTS');
    if (rnd() < 0.08) categories.push('HO-NGHEO');
    return {
      applicant,
      wishes: wishes.slice(0, DEMO_MAX_WISHES[grade]),
      residenceOrgUnitId: residence,
      priorityCategories: categories,
      paper: rnd() < (PAPER_SHARE[first.segment] ?? 0.1),
    };
  });
  return { seats, popular: popular.map((s) => s.id), applications };
}

export interface DemoExamCandidate {
  personalId: string;
  scores: { TOAN: number; VAN: number; ANH: number };
}

/** Entrance exam scores (0-10 in quarter points, around 6.5) of the grade-10 applicants. */
export function demoExamScores(
  applicants: readonly DemoApplicant[],
  seed: number,
): DemoExamCandidate[] {
  const rnd = seededRandom(seed * 7 + 10);
  const normal = () => {
    let s = 0;
    for (let i = 0; i < 6; i++) s += rnd();
    return s - 3; // mean 0, sd ≈ 0.71
  };
  const score = (mean: number) =>
    Math.min(10, Math.max(0.25, Math.round((mean + normal() * 2.2) * 4) / 4));
  return applicants.map((a) => {
    const ability = 6.5 + normal() * 1.2;
    // No bonus points: Circular 30/2024 no longer adds them, and enrollment refuses them.
    return {
      personalId: a.personalId,
      scores: { TOAN: score(ability), VAN: score(ability + 0.3), ANH: score(ability - 0.4) },
    };
  });
}

/** The priority categories (điểm ưu tiên) of the demo rounds. */
export const DEMO_PRIORITY_CATEGORIES = [
  { code: 'CON-LIET-SI', name: 'Con liệt sĩ, con thương binh', points: 2 },
  { code: 'DTTS', name: 'Người dân tộc thiểu số', points: 1 },
  { code: 'HO-NGHEO', name: 'Con hộ nghèo', points: 1 },
];

/** The grade-10 entrance exam of the demo round. */
export const DEMO_EXAM = {
  subjects: [
    { code: 'TOAN', name: 'Toán', weight: 1 },
    { code: 'VAN', name: 'Ngữ văn', weight: 1 },
    { code: 'ANH', name: 'Tiếng Anh', weight: 1 },
  ],
  tieBreakSubjects: ['VAN', 'TOAN'],
};

import { residentialAreaKey, simulateRound } from '../src/shared/assignment';
import { demoCatchments, demoResidenceLocality } from './demo-catchments';
import { demoFamilyApplication } from './demo-rounds';
import { priorityPoints } from '../src/results/domain/round-input';
import {
  DEMO_EXAM,
  DEMO_MAX_WISHES,
  DEMO_PRIORITY_CATEGORIES,
  demoExamScores,
  demoRoundApplicants,
  DemandSchool,
  DemoGrade,
  planDemand,
} from './demo-demand';

/** A province-like spread of schools over 54 communes, most urban. */
const SEGMENTS = ['urban', 'urban', 'urban', 'rural', 'ethnic-minority-mountain', 'island'];
const schools = (count: number, prefix: string): DemandSchool[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${String(i).padStart(4, '0')}`,
    code: `QN-S-${prefix}-${String(i + 1).padStart(4, '0')}`,
    parentId: `commune-${i % 54}`,
    segment: SEGMENTS[i % SEGMENTS.length],
  }));
const LEVEL_SCHOOLS: Record<DemoGrade, DemandSchool[]> = {
  1: schools(161, 'TH'),
  6: schools(194, 'THCS'),
  10: schools(59, 'THPT'),
};

describe.each([1, 6, 10] as const)('demo admission demand, grade %i', (grade) => {
  const plan = planDemand(grade, LEVEL_SCHOOLS[grade], 600, 2026);
  const scores = new Map(
    demoExamScores(demoRoundApplicants(grade, 600, 2026), 2026).map((c) => [c.personalId, c]),
  );
  const round = { priorityCategories: DEMO_PRIORITY_CATEGORIES };
  const catchments = demoCatchments(grade, LEVEL_SCHOOLS[grade]);
  const result = simulateRound({
    grade,
    seed: 'demo-seed',
    schools: [...plan.seats].map(([id, capacity]) => ({
      id,
      capacity,
      catchmentAreas: [
        ...catchments.get(id)!.catchmentOrgUnitIds,
        ...catchments.get(id)!.catchmentLocalities.map((l) => residentialAreaKey(l)),
      ],
    })),
    applicants: plan.applications.map((a, i) => ({
      id: a.applicant.personalId,
      wishes: a.wishes,
      residenceArea: a.residenceOrgUnitId
        ? residentialAreaKey({
            orgUnitId: a.residenceOrgUnitId,
            locality: demoResidenceLocality(catchments, a.residenceOrgUnitId, a.wishes[0], i),
          })
        : undefined,
      priorityPoints: String(priorityPoints(a.priorityCategories, round)),
      ...(grade === 10 ? { scores: scores.get(a.applicant.personalId)!.scores } : {}),
    })),
    exam: grade === 10 ? DEMO_EXAM : undefined,
    maxWishes: DEMO_MAX_WISHES[grade],
  });

  it('is reproducible and every application is valid for the round', () => {
    expect(planDemand(grade, LEVEL_SCHOOLS[grade], 600, 2026)).toEqual(plan);
    for (const a of plan.applications) {
      expect(a.wishes.length).toBeGreaterThanOrEqual(1);
      expect(a.wishes.length).toBeLessThanOrEqual(DEMO_MAX_WISHES[grade]);
      expect(new Set(a.wishes).size).toBe(a.wishes.length);
      for (const w of a.wishes) expect(plan.seats.has(w)).toBe(true);
    }
  });

  if (grade === 1)
    it('gives the demo family (the user phu-huynh) an online application that is placed', () => {
      const i = demoFamilyApplication(plan.applications, plan.popular);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(plan.applications[i]!.paper).toBe(false);
      expect(plan.popular).not.toContain(plan.applications[i]!.wishes[0]);
      expect(result.unplaced).not.toContain(plan.applications[i]!.applicant.personalId);
    });

  it('has schools with more first wishes than places', () => {
    const first = new Map<string, number>();
    for (const a of plan.applications) first.set(a.wishes[0], (first.get(a.wishes[0]) ?? 0) + 1);
    const oversubscribed = [...first].filter(([id, n]) => n > plan.seats.get(id)!);
    expect(oversubscribed.length).toBeGreaterThanOrEqual(3);
    for (const [id] of oversubscribed) expect(plan.popular).toContain(id);
  });

  it('leaves some applicants unplaced, on the waiting lists of the schools they wanted', () => {
    expect(result.unplaced.length).toBeGreaterThan(0);
    expect(result.unplaced.length).toBeLessThan(plan.applications.length / 2);
    const waiting = [...result.schools.values()].filter((s) => s.waitingList.length > 0);
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    for (const s of waiting) expect(s.full).toBe(true);
  });

  if (grade !== 10) {
    it('orders the popular schools by tuyến, priority and lottery', () => {
      const popular = result.schools.get(plan.popular[0])!;
      expect(popular.cutoff?.kind).toBe('catchment');
    });
  } else {
    it('ranks grade 10 by exam score: scores for every candidate, within 0-10 in quarter points', () => {
      for (const c of scores.values())
        for (const s of Object.values(c.scores)) {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(10);
          expect(Number.isInteger(s * 4)).toBe(true);
        }
      expect(result.schools.get(plan.popular[0])!.cutoff?.kind).toBe('exam');
    });
  }
});

describe('demo catchments by residential group', () => {
  const schools = [
    { id: 'a', code: 'QN-2', parentId: 'merged' },
    { id: 'b', code: 'QN-1', parentId: 'merged' },
    { id: 'c', code: 'QN-3', parentId: 'single' },
  ];
  const catchments = demoCatchments(1, schools);
  it('divides a commune with several schools into residential groups, keeps a one-school commune whole', () => {
    expect(catchments.get('b')).toEqual({
      catchmentOrgUnitIds: [],
      catchmentLocalities: [
        { orgUnitId: 'merged', locality: 'Khu 1' },
        { orgUnitId: 'merged', locality: 'Khu 2' },
      ],
    });
    expect(catchments.get('a')!.catchmentLocalities.map((l) => l.locality)).toEqual([
      'Khu 3',
      'Khu 4',
    ]);
    expect(catchments.get('c')).toEqual({
      catchmentOrgUnitIds: ['single'],
      catchmentLocalities: [],
    });
    expect(demoCatchments(10, schools).get('a')).toEqual({
      catchmentOrgUnitIds: [],
      catchmentLocalities: [],
    });
  });
  it('gives applicants of a divided commune a residential group of the round', () => {
    expect(demoResidenceLocality(catchments, 'merged', 'a', 0)).toBe('Khu 3');
    expect(demoResidenceLocality(catchments, 'merged', 'c', 5)).toBe('Khu 2');
    expect(demoResidenceLocality(catchments, 'single', 'a', 0)).toBeUndefined();
    expect(demoResidenceLocality(catchments, null, 'a', 0)).toBeUndefined();
  });
});

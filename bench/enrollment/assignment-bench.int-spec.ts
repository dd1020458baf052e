/**
 * Smoke test of the assignment bench on a small province (3,000 applicants, 40 schools): the
 * generator, the precomputed school orders and `assign` work together and give a stable,
 * feasible result identical to the textbook implementation and to simulateRound. The time
 * target (60,000 applicants in well under 2 s) is checked by bench/enrollment/run.sh, not here.
 */
import {
  assign,
  checkAssignment,
  findBlockingPairs,
} from '../../services/enrollment/src/shared/assignment/deferred-acceptance';
import { textbookDeferredAcceptance } from '../../services/enrollment/src/shared/assignment/reference-da';
import { simulateRound } from '../../services/enrollment/src/shared/assignment/simulate';
import { assignmentInputOf, generateProvinceRound } from './province';

describe.each([6, 10] as const)('assignment bench smoke, grade %i', (grade) => {
  const round = generateProvinceRound({ applicants: 3000, schools: 40, grade, dataSeed: 7 });
  const input = assignmentInputOf(round);

  it('generates a round of the requested shape (places ~95%, 1–3 wishes, skewed demand)', () => {
    expect(round.applicants).toHaveLength(3000);
    expect(round.schools).toHaveLength(40);
    expect(round.schools.reduce((t, s) => t + s.capacity, 0)).toBe(2850);
    for (const a of round.applicants) {
      expect(a.wishes.length).toBeGreaterThanOrEqual(1);
      expect(a.wishes.length).toBeLessThanOrEqual(3);
      expect(new Set(a.wishes).size).toBe(a.wishes.length);
    }
    const demand = new Map<string, number>();
    for (const a of round.applicants) demand.set(a.wishes[0], (demand.get(a.wishes[0]) ?? 0) + 1);
    expect(round.schools.some((s) => (demand.get(s.id) ?? 0) > 2 * s.capacity)).toBe(true);
    expect(generateProvinceRound({ applicants: 3000, schools: 40, grade, dataSeed: 7 })).toEqual(
      round,
    );
  });

  it('assign completes with a stable, feasible result equal to the baseline and to simulateRound', () => {
    const result = assign(input);
    expect(checkAssignment(input, result)).toEqual([]);
    expect(findBlockingPairs(input, result)).toEqual([]);
    const baseline = textbookDeferredAcceptance(input);
    expect(Object.fromEntries(result.assignments)).toEqual(
      Object.fromEntries(baseline.assignments),
    );
    expect(result.rounds).toBe(baseline.rounds);
    const simulated = simulateRound(round);
    expect(Object.fromEntries(simulated.assignments)).toEqual(
      Object.fromEntries(result.assignments),
    );
    for (const [schoolId, admitted] of result.admittedBySchool)
      expect(simulated.schools.get(schoolId)!.admitted).toEqual(admitted);
  });
});

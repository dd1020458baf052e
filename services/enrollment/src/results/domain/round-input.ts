/**
 * From stored rows to the assignment's input (pure). Only the highest priority category counts
 * (chỉ được hưởng mức ưu tiên cao nhất); residence matches the schools' catchment by its
 * locality (thôn, khu phố, tổ dân phố) or its whole commune (catchment.ts).
 */
import type { RoundApplicant, RoundInput, RoundSchool } from '../../shared/assignment';
import { residentialAreaKey } from '../../shared/assignment/catchment';
import type { Round, RoundSchool as StoredRoundSchool } from '../../rounds/round.repository';
import type { ApplicationRow } from '../../applications/application.repository';
import { bonusPointsCount } from '../../rounds/domain/admission-regulation';

export function priorityPoints(
  categories: string[],
  round: Pick<Round, 'priorityCategories'>,
): number {
  const points = round.priorityCategories
    .filter((c) => categories.includes(c.code))
    .map((c) => c.points);
  return points.length ? Math.max(...points) : 0;
}

export function toRoundInput(
  round: Round,
  schools: StoredRoundSchool[],
  applications: Array<
    Pick<
      ApplicationRow,
      | 'id'
      | 'wishes'
      | 'residenceOrgUnitId'
      | 'residenceLocality'
      | 'priorityCategories'
      | 'examScores'
      | 'bonusHundredths'
    >
  >,
  seed: string,
  seedCommitment?: string,
): RoundInput {
  const roundSchools: RoundSchool[] = schools.map((s) => ({
    id: s.schoolId,
    capacity: s.capacity,
    catchmentAreas: [
      ...s.catchmentOrgUnitIds,
      ...(s.catchmentLocalities ?? []).map((l) => residentialAreaKey(l)),
    ],
  }));
  const known = new Set(roundSchools.map((s) => s.id));
  // Circular 30/2024 (from the 2025-2026 intake) adds no bonus points; earlier rounds re-run as published.
  const bonus = bonusPointsCount(round.schoolYear);
  const applicants: RoundApplicant[] = applications.map((a) => ({
    id: a.id,
    // A school dropped from the round after the application keeps its place in no one's list.
    wishes: a.wishes.filter((w) => known.has(w)),
    residenceArea: residentialAreaKey({
      orgUnitId: a.residenceOrgUnitId,
      locality: a.residenceLocality,
    }),
    priorityPoints: String(priorityPoints(a.priorityCategories, round)),
    ...(bonus ? { bonusPoints: (a.bonusHundredths / 100).toFixed(2) } : {}),
    scores: a.examScores ?? undefined,
  }));
  return {
    grade: round.grade,
    schoolYear: round.schoolYear,
    seed,
    seedCommitment,
    schools: roundSchools,
    applicants,
    maxWishes: round.maxWishes,
    exam: round.exam
      ? {
          subjects: round.exam.subjects.map((s) => ({ code: s.code, weight: s.weight })),
          tieBreakSubjects: round.exam.tieBreakSubjects,
          includeBonusPoints: bonus,
        }
      : undefined,
  };
}

/** What a round's assignment gives, school by school (pure): the answer of a simulation or a publication. */
import type { RoundResult } from '../../shared/assignment';
import type { Round } from '../../rounds/round.repository';

export interface RoundSummary {
  roundId: string;
  provisional: boolean;
  applications: number;
  unplaced: number;
  schools: Array<{
    schoolId: string;
    capacity: number;
    applied: number;
    admitted: number;
    waiting: number;
    cutoff: string | null;
  }>;
  seed?: string;
}

export function summarise(
  round: Pick<Round, 'id'>,
  result: RoundResult,
  provisional: boolean,
  applications: number,
): RoundSummary {
  return {
    roundId: round.id,
    provisional,
    applications,
    unplaced: result.unplaced.length,
    schools: [...result.schools.values()].map((s) => ({
      schoolId: s.schoolId,
      capacity: s.capacity,
      applied: s.applied,
      admitted: s.admitted.length,
      waiting: s.waitingList.length,
      cutoff: s.cutoff?.label ?? null,
    })),
  };
}

export interface NewOffer {
  id: string;
  applicationId: string;
  schoolId: string;
  wishRank: number;
}

/** The offers of an assignment: each placed applicant at its school, with the rank of that wish. */
export function offersOf(
  result: RoundResult,
  wishesOf: Map<string, string[]>,
  newId: () => string,
): NewOffer[] {
  const offers: NewOffer[] = [];
  for (const [applicationId, schoolId] of result.assignments) {
    if (schoolId)
      offers.push({
        id: newId(),
        applicationId,
        schoolId,
        wishRank: wishesOf.get(applicationId)!.indexOf(schoolId) + 1,
      });
  }
  return offers;
}

/** Each school's waiting list as rows, positions from 1. */
export function waitingListsOf(
  result: RoundResult,
): Array<{ schoolId: string; position: number; applicationId: string }> {
  return [...result.schools.values()].flatMap((s) =>
    s.waitingList.map((applicationId, i) => ({
      schoolId: s.schoolId,
      position: i + 1,
      applicationId,
    })),
  );
}

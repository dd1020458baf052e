import type { ApplicationRow } from './application.repository';
import { statusForClaimant } from './domain/contest-rules';

/**
 * Who reads: a family sees its own claim as any submitted application until a school decides
 * (its answer must not reveal that the child had applied); schools see the contest.
 */
export type ApplicationAudience = 'family' | 'school';

/** What an application looks like through the API: never the personal identification number, only its last digits. */
export function applicationView(a: ApplicationRow, audience: ApplicationAudience = 'school') {
  const family = audience === 'family';
  return {
    id: a.id,
    roundId: a.roundId,
    applicant: {
      personalIdLast4: a.applicantPidLast4,
      fullName: a.applicantName,
      dateOfBirth: a.dateOfBirth,
      residenceOrgUnitId: a.residenceOrgUnitId,
      residenceLocality: a.residenceLocality,
      ageException: a.ageException,
    },
    wishes: a.wishes,
    priorityCategories: a.priorityCategories,
    /** Grade 10: entrance exam scores once imported, and bonus points. */
    examScores: a.examScores,
    bonusPoints: a.bonusHundredths / 100,
    channel: a.channel,
    status: family && a.claim ? statusForClaimant(a.status) : a.status,
    /** Schools: the application this claim contests, and the decision once made. */
    ...(!family && a.contestsApplicationId !== null
      ? { contest: { contestsApplicationId: a.contestsApplicationId, decision: a.decision } }
      : {}),
    /** A school's refusal after a contest, with its reason, is shown to the family it concerns. */
    ...(family && a.status === 'refused' && a.decision ? { decision: a.decision } : {}),
    revision: a.revision,
    submittedAt: a.submittedAt,
    updatedAt: a.updatedAt,
  };
}

/**
 * What a change answers: the application without the child's identity. The answer of a write is
 * kept as the idempotency copy (Redis and PostgreSQL) for replays; the child's name and date of
 * birth stay in the application record, read with GET (which the access log records).
 */
export function applicationChangeView(a: ApplicationRow, audience: ApplicationAudience = 'school') {
  const { applicant: _applicant, ...rest } = applicationView(a, audience);
  return rest;
}

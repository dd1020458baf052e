import type { ApplicationRow } from './application.repository';

/** What an application looks like through the API: never the personal identification number, only its last digits. */
export function applicationView(a: ApplicationRow) {
  return {
    id: a.id,
    roundId: a.roundId,
    applicant: {
      personalIdLast4: a.applicantPidLast4,
      fullName: a.applicantName,
      dateOfBirth: a.dateOfBirth,
      residenceOrgUnitId: a.residenceOrgUnitId,
    },
    wishes: a.wishes,
    priorityCategories: a.priorityCategories,
    /** Grade 10: entrance exam scores once imported, and bonus points. */
    examScores: a.examScores,
    bonusPoints: a.bonusHundredths / 100,
    channel: a.channel,
    status: a.status,
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
export function applicationChangeView(a: ApplicationRow) {
  const { applicant: _applicant, ...rest } = applicationView(a);
  return rest;
}

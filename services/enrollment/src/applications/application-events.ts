import {
  ApplicationRecordedV1,
  ApplicationWithdrawnV1,
  EventEnvelope,
  EventTypes,
  newEvent,
} from '@qn/contracts';
import type { Round } from '../rounds/round.repository';
import type { ApplicationRow } from './application.repository';

export const SOURCE = 'enrollment';

export function applicationRecorded(
  a: Pick<ApplicationRow, 'id' | 'wishes' | 'channel' | 'revision'>,
  round: Pick<Round, 'id' | 'schoolYear' | 'grade'>,
  at: Date,
  cause?: { id: string; correlationId: string },
): EventEnvelope<ApplicationRecordedV1> {
  return newEvent<ApplicationRecordedV1>({
    ...EventTypes.applicationRecorded,
    source: SOURCE,
    subjectId: a.id,
    orgUnitId: a.wishes[0],
    correlationId: cause?.correlationId,
    causationId: cause?.id,
    occurredAt: at,
    data: {
      applicationId: a.id,
      roundId: round.id,
      schoolYear: round.schoolYear,
      grade: round.grade,
      channel: a.channel,
      firstWishSchoolId: a.wishes[0],
      wishes: a.wishes,
      revision: a.revision,
      recordedAt: at.toISOString(),
    },
  });
}

export function applicationWithdrawn(
  a: Pick<ApplicationRow, 'id' | 'roundId' | 'wishes'>,
  at: Date,
): EventEnvelope<ApplicationWithdrawnV1> {
  return newEvent<ApplicationWithdrawnV1>({
    ...EventTypes.applicationWithdrawn,
    source: SOURCE,
    subjectId: a.id,
    orgUnitId: a.wishes[0],
    occurredAt: at,
    data: { applicationId: a.id, roundId: a.roundId, withdrawnAt: at.toISOString() },
  });
}

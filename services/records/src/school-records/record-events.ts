import { EventTypes, newTypedEvent } from '@qn/contracts';
import type { Grade } from '../gradebook/domain/level-rules';
import { documentOf } from './record-issuer';
import { graduationEligibility } from './domain/year-record';
import type { StoredVersion } from './school-records.repository';

/** `records.record.signed`: a learner's first version, ids and hash only. */
export const recordSignedEvent = (v: StoredVersion) =>
  newTypedEvent(EventTypes.recordSigned, {
    source: 'records',
    subjectId: v.studentId,
    orgUnitId: v.schoolId,
    occurredAt: v.signedAt,
    data: {
      recordId: v.recordId,
      studentId: v.studentId,
      schoolId: v.schoolId,
      classId: v.classId,
      schoolYear: v.schoolYear,
      grade: v.grade as Grade,
      version: 1,
      recordHash: v.recordHash,
      signedAt: v.signedAt.toISOString(),
    },
  });

/** `records.record.corrected`: a new version after `previous`. */
export const recordCorrectedEvent = (v: StoredVersion, previous: StoredVersion) =>
  newTypedEvent(EventTypes.recordCorrected, {
    source: 'records',
    subjectId: v.studentId,
    orgUnitId: v.schoolId,
    occurredAt: v.signedAt,
    data: {
      recordId: v.recordId,
      studentId: v.studentId,
      schoolId: v.schoolId,
      schoolYear: v.schoolYear,
      grade: v.grade as Grade,
      version: v.version,
      recordHash: v.recordHash,
      previousVersion: previous.version,
      previousHash: previous.recordHash,
      correctedAt: v.signedAt.toISOString(),
    },
  });

/** `records.graduation-eligibility.assessed` for a grade 9 or 12 version; undefined otherwise. */
export function graduationEvent(v: StoredVersion) {
  const g = graduationEligibility(documentOf(v.jws).body);
  if (!g) return undefined;
  return newTypedEvent(EventTypes.graduationEligibilityAssessed, {
    source: 'records',
    subjectId: v.studentId,
    orgUnitId: v.schoolId,
    occurredAt: v.signedAt,
    data: {
      studentId: v.studentId,
      schoolId: v.schoolId,
      schoolYear: v.schoolYear,
      level: g.level,
      outcome: g.outcome,
      reason: g.reason,
      recordId: v.recordId,
      recordVersion: v.version,
      recordHash: v.recordHash,
      assessedAt: v.signedAt.toISOString(),
    },
  });
}

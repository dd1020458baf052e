import { LearnerIdentityRecordedV1 } from '@qn/contracts';

/** A learner as records knows them: the latest identity enrollment's register published. */
export interface Learner {
  studentId: string;
  /** NFC. */
  fullName: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  gender: 'male' | 'female' | null;
  ethnicity: string | null;
  personalIdLast4: string | null;
  /** When the register recorded this identity (ISO 8601): the latest wins. */
  recordedAt: string;
}

/**
 * The learner an identity event describes. Names are compared and printed in NFC: the contract
 * says the register sends NFC, and a decomposed "ễ" from another writer must not become a
 * different name on a signed record.
 */
export function learnerFromIdentity(d: LearnerIdentityRecordedV1): Learner {
  return {
    studentId: d.studentId,
    fullName: d.fullName.normalize('NFC'),
    dateOfBirth: d.dateOfBirth,
    gender: d.gender,
    ethnicity: d.ethnicity === null ? null : d.ethnicity.normalize('NFC'),
    personalIdLast4: d.personalIdLast4,
    recordedAt: d.recordedAt,
  };
}

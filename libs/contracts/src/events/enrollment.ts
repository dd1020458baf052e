/**
 * Events of the enrollment service (tuyển sinh đầu cấp, chuyển trường). Personal identification
 * numbers never appear in keys, and only the intake event from outside portals carries one
 * (it is how the applicant is identified); everything the service publishes refers to
 * applicants by application id.
 */
import { UUID_PATTERN } from '../envelope';

export const ADMISSION_GRADES = [1, 6, 10] as const;
export type AdmissionGrade = (typeof ADMISSION_GRADES)[number];
export const APPLICATION_CHANNELS = ['online', 'portal', 'paper'] as const;
/** online: the family's own web/app submission; portal: an outside admission portal; paper: recorded at the school desk. */
export type ApplicationChannel = (typeof APPLICATION_CHANNELS)[number];

const uuid = { type: 'string', pattern: UUID_PATTERN };
const schoolYear = { type: 'string', pattern: '^\\d{4}-\\d{4}$' };
const grade = { type: 'integer', enum: [...ADMISSION_GRADES] };
const dateTime = { type: 'string', format: 'date-time' };

/** `enrollment.application.submitted` v1, published by outside admission portals on the intake topic. */
export interface ApplicationSubmittedV1 {
  /** The portal's own id for this submission: a resubmission with the same id is the same application. */
  externalId: string;
  roundId: string;
  applicant: {
    /** 12-digit personal identification number (mã định danh cá nhân). */
    personalId: string;
    fullName: string;
    dateOfBirth: string;
    /** Commune-level unit of permanent or temporary residence (for catchment). */
    residenceOrgUnitId: string;
  };
  /** School ids, most wanted first (nguyện vọng). */
  wishes: string[];
  priorityCategories: string[];
  /** Grade 10 entrance exam scores by subject code, 0-10 with up to two decimals. */
  examScores?: Record<string, number>;
  bonusPoints?: number;
  submittedAt: string;
}

export const applicationSubmittedV1Schema = {
  type: 'object',
  required: ['externalId', 'roundId', 'applicant', 'wishes', 'priorityCategories', 'submittedAt'],
  additionalProperties: false,
  properties: {
    externalId: { type: 'string', minLength: 1, maxLength: 100 },
    roundId: uuid,
    applicant: {
      type: 'object',
      required: ['personalId', 'fullName', 'dateOfBirth', 'residenceOrgUnitId'],
      additionalProperties: false,
      properties: {
        personalId: { type: 'string', pattern: '^\\d{12}$' },
        fullName: { type: 'string', minLength: 1, maxLength: 150 },
        dateOfBirth: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        residenceOrgUnitId: uuid,
      },
    },
    wishes: { type: 'array', minItems: 1, maxItems: 5, items: uuid },
    priorityCategories: {
      type: 'array',
      maxItems: 10,
      items: { type: 'string', pattern: '^[A-Z0-9_-]{1,30}$' },
    },
    examScores: {
      type: 'object',
      additionalProperties: { type: 'number', minimum: 0, maximum: 10, multipleOf: 0.01 },
    },
    bonusPoints: { type: 'number', minimum: 0, maximum: 10, multipleOf: 0.01 },
    submittedAt: dateTime,
  },
};

/**
 * `enrollment.exam-scores.published` v1: the exam board (hội đồng thi) publishes grade-10
 * entrance exam scores for a round, a batch of candidates per event, on the exam-score intake
 * topic. Like the score file import: all or nothing per event; candidates without an active
 * application in the round are counted, not refused (not everyone applies in this round).
 */
export interface ExamScoresPublishedV1 {
  roundId: string;
  /** The exam board's id for this batch: redelivery of the same batch is the same batch. */
  batchId: string;
  candidates: Array<{
    /** 12-digit personal identification number: identifies the applicant, never a key. */
    personalId: string;
    /** Score by subject code of the round's exam settings, 0-10 with up to two decimals. */
    scores: Record<string, number>;
    /** điểm khuyến khích / ưu tiên added by the board, 0-10. */
    bonus?: number;
  }>;
  publishedAt: string;
}

export const examScoresPublishedV1Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['roundId', 'batchId', 'candidates', 'publishedAt'],
  properties: {
    roundId: uuid,
    batchId: { type: 'string', minLength: 1, maxLength: 100 },
    candidates: {
      type: 'array',
      minItems: 1,
      maxItems: 5000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['personalId', 'scores'],
        properties: {
          personalId: { type: 'string', pattern: '^\\d{12}$' },
          scores: {
            type: 'object',
            minProperties: 1,
            additionalProperties: { type: 'number', minimum: 0, maximum: 10, multipleOf: 0.01 },
          },
          bonus: { type: 'number', minimum: 0, maximum: 10, multipleOf: 0.01 },
        },
      },
    },
    publishedAt: dateTime,
  },
};

/** `enrollment.application.recorded` v1: an application passed validation and counts in its round. */
export interface ApplicationRecordedV1 {
  applicationId: string;
  roundId: string;
  schoolYear: string;
  grade: AdmissionGrade;
  channel: ApplicationChannel;
  /** First-choice school: the org unit the application is counted under. */
  firstWishSchoolId: string;
  wishes: string[];
  /** 1 when first recorded; each amendment before the deadline records it again with the next revision. */
  revision: number;
  recordedAt: string;
}

export const applicationRecordedV1Schema = {
  type: 'object',
  required: [
    'applicationId',
    'roundId',
    'schoolYear',
    'grade',
    'channel',
    'firstWishSchoolId',
    'wishes',
    'revision',
    'recordedAt',
  ],
  additionalProperties: false,
  properties: {
    applicationId: uuid,
    roundId: uuid,
    schoolYear,
    grade,
    channel: { type: 'string', enum: [...APPLICATION_CHANNELS] },
    firstWishSchoolId: uuid,
    wishes: { type: 'array', minItems: 1, items: uuid },
    revision: { type: 'integer', minimum: 1 },
    recordedAt: dateTime,
  },
};

/** `enrollment.application.withdrawn` v1 */
export interface ApplicationWithdrawnV1 {
  applicationId: string;
  roundId: string;
  withdrawnAt: string;
}
export const applicationWithdrawnV1Schema = {
  type: 'object',
  required: ['applicationId', 'roundId', 'withdrawnAt'],
  additionalProperties: false,
  properties: { applicationId: uuid, roundId: uuid, withdrawnAt: dateTime },
};

const segment = { type: 'string', enum: ['urban', 'rural', 'ethnic-minority-mountain', 'island'] };

/** `enrollment.round.published` v1: results of a round are out; the lottery seed is revealed so anyone can re-run the draw. */
export interface RoundPublishedV1 {
  roundId: string;
  schoolYear: string;
  grade: AdmissionGrade;
  /** The seed; SHA-256(seed) equals the commitment shown since the round was created. */
  seed: string;
  seedCommitment: string;
  publishedAt: string;
  schools: Array<{
    schoolId: string;
    capacity: number;
    applied: number;
    admitted: number;
    waiting: number;
  }>;
  applications: number;
  unplaced: number;
}
export const roundPublishedV1Schema = {
  type: 'object',
  required: [
    'roundId',
    'schoolYear',
    'grade',
    'seed',
    'seedCommitment',
    'publishedAt',
    'schools',
    'applications',
    'unplaced',
  ],
  additionalProperties: false,
  properties: {
    roundId: uuid,
    schoolYear,
    grade,
    seed: { type: 'string', minLength: 16, maxLength: 200 },
    seedCommitment: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    publishedAt: dateTime,
    schools: {
      type: 'array',
      items: {
        type: 'object',
        required: ['schoolId', 'capacity', 'applied', 'admitted', 'waiting'],
        additionalProperties: false,
        properties: {
          schoolId: uuid,
          capacity: { type: 'integer', minimum: 0 },
          applied: { type: 'integer', minimum: 0 },
          admitted: { type: 'integer', minimum: 0 },
          waiting: { type: 'integer', minimum: 0 },
        },
      },
    },
    applications: { type: 'integer', minimum: 0 },
    unplaced: { type: 'integer', minimum: 0 },
  },
};

/** `enrollment.offer.made` v1: an applicant is offered a place (from the round's assignment or the waiting list). */
export interface OfferMadeV1 {
  offerId: string;
  applicationId: string;
  roundId: string;
  schoolId: string;
  schoolYear: string;
  grade: AdmissionGrade;
  /** 1 = the applicant's first wish. */
  wishRank: number;
  madeAt: string;
}
export const offerMadeV1Schema = {
  type: 'object',
  required: [
    'offerId',
    'applicationId',
    'roundId',
    'schoolId',
    'schoolYear',
    'grade',
    'wishRank',
    'madeAt',
  ],
  additionalProperties: false,
  properties: {
    offerId: uuid,
    applicationId: uuid,
    roundId: uuid,
    schoolId: uuid,
    schoolYear,
    grade,
    wishRank: { type: 'integer', minimum: 1 },
    madeAt: dateTime,
  },
};

/** `enrollment.enrollment.confirmed` v1: the school confirmed the enrollment of an applicant who accepted its offer. */
export interface EnrollmentConfirmedV1 {
  applicationId: string;
  offerId: string;
  studentId: string;
  schoolId: string;
  schoolYear: string;
  grade: AdmissionGrade;
  confirmedAt: string;
}
export const enrollmentConfirmedV1Schema = {
  type: 'object',
  required: [
    'applicationId',
    'offerId',
    'studentId',
    'schoolId',
    'schoolYear',
    'grade',
    'confirmedAt',
  ],
  additionalProperties: false,
  properties: {
    applicationId: uuid,
    offerId: uuid,
    studentId: uuid,
    schoolId: uuid,
    schoolYear,
    grade,
    confirmedAt: dateTime,
  },
};

/**
 * `enrollment.student.enrolled` v1: a learner is now a student of a school, by admission or by
 * transfer. What payments (obligations), records (học bạ) and the KPI aggregator start from.
 */
export interface StudentEnrolledV1 {
  studentId: string;
  schoolId: string;
  grade: number;
  className: string | null;
  schoolYear: string;
  /** Area segment of the school, for indicators by segment. */
  segment: 'urban' | 'rural' | 'ethnic-minority-mountain' | 'island';
  reason: 'admission' | 'transfer';
  enrolledOn: string;
}
export const studentEnrolledV1Schema = {
  type: 'object',
  required: [
    'studentId',
    'schoolId',
    'grade',
    'className',
    'schoolYear',
    'segment',
    'reason',
    'enrolledOn',
  ],
  additionalProperties: false,
  properties: {
    studentId: uuid,
    schoolId: uuid,
    grade: { type: 'integer', minimum: 1, maximum: 12 },
    className: { type: ['string', 'null'], maxLength: 50 },
    schoolYear,
    segment,
    reason: { type: 'string', enum: ['admission', 'transfer'] },
    enrolledOn: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  },
};

/**
 * `enrollment.guardian.linked` v1: a signed-in account is a guardian of the student (phụ huynh),
 * so other services can give it the family reach of their authorization policies. The guardian is
 * the identity provider's `sub` of the account, never a personal identification number.
 */
export interface GuardianLinkedV1 {
  studentId: string;
  guardianSubject: string;
  /** How the relation is known: the family applied for the child, or a roster import said so. */
  basis: 'application' | 'import';
  linkedAt: string;
}
export const guardianLinkedV1Schema = {
  type: 'object',
  required: ['studentId', 'guardianSubject', 'basis', 'linkedAt'],
  additionalProperties: false,
  properties: {
    studentId: uuid,
    guardianSubject: { type: 'string', minLength: 1, maxLength: 200 },
    basis: { type: 'string', enum: ['application', 'import'] },
    linkedAt: dateTime,
  },
};

/** `enrollment.transfer.completed` v1: a student moved school (chuyển trường); payments prorate, records follow. */
export interface TransferCompletedV1 {
  transferId: string;
  studentId: string;
  fromSchoolId: string;
  toSchoolId: string;
  grade: number;
  schoolYear: string;
  /** First day at the new school. */
  effectiveDate: string;
  completedAt: string;
}
export const transferCompletedV1Schema = {
  type: 'object',
  required: [
    'transferId',
    'studentId',
    'fromSchoolId',
    'toSchoolId',
    'grade',
    'schoolYear',
    'effectiveDate',
    'completedAt',
  ],
  additionalProperties: false,
  properties: {
    transferId: uuid,
    studentId: uuid,
    fromSchoolId: uuid,
    toSchoolId: uuid,
    grade: { type: 'integer', minimum: 1, maximum: 12 },
    schoolYear,
    effectiveDate: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    completedAt: dateTime,
  },
};

/** `enrollment.round.closed` v1: the deadline passed; the applications of the round are final, with counts by channel. */
export interface RoundClosedV1 {
  roundId: string;
  schoolYear: string;
  grade: AdmissionGrade;
  closedAt: string;
  applications: number;
  byChannel: { online: number; portal: number; paper: number };
  /** Applications by first-wish school, for per-school online shares. */
  bySchool: Array<{ schoolId: string; online: number; portal: number; paper: number }>;
}
const channelCounts = {
  type: 'object',
  required: ['online', 'portal', 'paper'],
  additionalProperties: false,
  properties: {
    online: { type: 'integer', minimum: 0 },
    portal: { type: 'integer', minimum: 0 },
    paper: { type: 'integer', minimum: 0 },
  },
};
export const roundClosedV1Schema = {
  type: 'object',
  required: ['roundId', 'schoolYear', 'grade', 'closedAt', 'applications', 'byChannel', 'bySchool'],
  additionalProperties: false,
  properties: {
    roundId: uuid,
    schoolYear,
    grade,
    closedAt: dateTime,
    applications: { type: 'integer', minimum: 0 },
    byChannel: channelCounts,
    bySchool: {
      type: 'array',
      items: {
        type: 'object',
        required: ['schoolId', 'online', 'portal', 'paper'],
        additionalProperties: false,
        properties: { schoolId: uuid, ...channelCounts.properties },
      },
    },
  },
};

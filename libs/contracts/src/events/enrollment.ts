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
    priorityCategories: { type: 'array', maxItems: 10, items: { type: 'string', pattern: '^[A-Z0-9_-]{1,30}$' } },
    examScores: { type: 'object', additionalProperties: { type: 'number', minimum: 0, maximum: 10, multipleOf: 0.01 } },
    bonusPoints: { type: 'number', minimum: 0, maximum: 10, multipleOf: 0.01 },
    submittedAt: dateTime,
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
  required: ['applicationId', 'roundId', 'schoolYear', 'grade', 'channel', 'firstWishSchoolId', 'wishes', 'revision', 'recordedAt'],
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

/**
 * Events of the enrollment service (tuyển sinh đầu cấp, chuyển trường). Personal identification
 * numbers never appear in keys, and only the intake event from outside portals carries one
 * (it is how the applicant is identified); everything the service publishes refers to
 * applicants by application id.
 */
import { z } from 'zod';
import { defineEvent, EventDataOf } from '../contract';
import { AREA_SEGMENTS } from './registry';
import { calendarDate, count, dateTime, schoolYearCode, score, uuid } from './fields';

export const ADMISSION_GRADES = [1, 6, 10] as const;
export type AdmissionGrade = (typeof ADMISSION_GRADES)[number];
export const APPLICATION_CHANNELS = ['online', 'portal', 'paper'] as const;
/** online: the family's own web/app submission; portal: an outside admission portal; paper: recorded at the school desk. */
export type ApplicationChannel = (typeof APPLICATION_CHANNELS)[number];

const admissionGrade = z.literal(ADMISSION_GRADES);
/** 12-digit personal identification number (mã định danh cá nhân): identifies, never a key. */
const personalId = z.string().regex(/^\d{12}$/);
/** A grade of general education, 1-12 (lớp). */
const schoolGrade = z.int().min(1).max(12);

/** `enrollment.application.submitted` v1, published by outside admission portals on the intake topic. */
export const applicationSubmittedV1 = defineEvent(
  'enrollment.application.submitted',
  1,
  z.strictObject({
    /** The portal's own id for this submission: a resubmission with the same id is the same application. */
    externalId: z.string().min(1).max(100),
    roundId: uuid,
    applicant: z.strictObject({
      personalId,
      fullName: z.string().min(1).max(150),
      dateOfBirth: calendarDate,
      /** Commune-level unit of permanent or temporary residence (for catchment). */
      residenceOrgUnitId: uuid,
    }),
    /** School ids, most wanted first (nguyện vọng). */
    wishes: z.array(uuid).min(1).max(5),
    priorityCategories: z.array(z.string().regex(/^[A-Z0-9_-]{1,30}$/)).max(10),
    /** Grade 10 entrance exam scores by subject code, 0-10 with up to two decimals. */
    examScores: z.record(z.string(), score).optional(),
    bonusPoints: score.optional(),
    submittedAt: dateTime,
  }),
);
export type ApplicationSubmittedV1 = EventDataOf<typeof applicationSubmittedV1>;

/**
 * Why a learner may enter grade 6 or 10 at another age than 11 / 15 (the school charter issued
 * with Circular 32/2020/TT-BGDĐT, Art. 33): repeated or started the previous level late, ethnic
 * minority, disability, especially difficult circumstances, returned from abroad (older, up to
 * 3 years); skipped a grade (younger).
 */
export const ADMISSION_AGE_EXCEPTIONS = [
  'repeated-or-late-start',
  'ethnic-minority',
  'disability',
  'especially-difficult-circumstances',
  'returned-from-abroad',
  'skipped-grade',
] as const;

/**
 * `enrollment.application.submitted` v2: v1 plus where in the commune the applicant lives
 * (needed where the round divides the commune between schools' catchments) and the declared
 * exception to the entry age for grades 6 and 10. Portals publish v2; enrollment reads both.
 */
export const applicationSubmittedV2 = defineEvent(
  'enrollment.application.submitted',
  2,
  z.strictObject({
    externalId: z.string().min(1).max(100),
    roundId: uuid,
    applicant: z.strictObject({
      personalId,
      fullName: z.string().min(1).max(150),
      dateOfBirth: calendarDate,
      /** Commune-level unit of permanent or temporary residence (for catchment). */
      residenceOrgUnitId: uuid,
      /** Village, residential group (thôn, khu phố, tổ dân phố) or street in that commune. */
      residenceLocality: z.string().min(1).max(100).optional(),
      /** Grades 6 and 10: the charter's exception to the entry age; a reference, never a story. */
      ageException: z
        .strictObject({
          category: z.enum(ADMISSION_AGE_EXCEPTIONS),
          evidenceRef: z.string().min(1).max(100).optional(),
        })
        .optional(),
    }),
    wishes: z.array(uuid).min(1).max(5),
    priorityCategories: z.array(z.string().regex(/^[A-Z0-9_-]{1,30}$/)).max(10),
    examScores: z.record(z.string(), score).optional(),
    bonusPoints: score.optional(),
    submittedAt: dateTime,
  }),
);
export type ApplicationSubmittedV2 = EventDataOf<typeof applicationSubmittedV2>;

/**
 * `enrollment.exam-scores.published` v1: the exam board (hội đồng thi) publishes grade-10
 * entrance exam scores for a round, a batch of candidates per event, on the exam-score intake
 * topic. Like the score file import: all or nothing per event; candidates without an active
 * application in the round are counted, not refused (not everyone applies in this round).
 */
export const examScoresPublishedV1 = defineEvent(
  'enrollment.exam-scores.published',
  1,
  z.strictObject({
    roundId: uuid,
    /** The exam board's id for this batch: redelivery of the same batch is the same batch. */
    batchId: z.string().min(1).max(100),
    candidates: z
      .array(
        z.strictObject({
          personalId,
          /** Score by subject code of the round's exam settings, 0-10 with up to two decimals. */
          scores: z
            .record(z.string(), score)
            // zod has no size check on records: the refinement keeps `parse` in step with ajv.
            .refine((r) => Object.keys(r).length >= 1, 'must have at least one score')
            .meta({ minProperties: 1 }),
          /** điểm khuyến khích / ưu tiên added by the board, 0-10. */
          bonus: score.optional(),
        }),
      )
      .min(1)
      .max(5000),
    publishedAt: dateTime,
  }),
);
export type ExamScoresPublishedV1 = EventDataOf<typeof examScoresPublishedV1>;

/** `enrollment.application.recorded` v1: an application passed validation and counts in its round. */
export const applicationRecordedV1 = defineEvent(
  'enrollment.application.recorded',
  1,
  z.strictObject({
    applicationId: uuid,
    roundId: uuid,
    schoolYear: schoolYearCode,
    grade: admissionGrade,
    channel: z.enum(APPLICATION_CHANNELS),
    /** First-choice school: the org unit the application is counted under. */
    firstWishSchoolId: uuid,
    wishes: z.array(uuid).min(1),
    /** 1 when first recorded; each amendment before the deadline records it again with the next revision. */
    revision: z.int().min(1),
    recordedAt: dateTime,
  }),
);
export type ApplicationRecordedV1 = EventDataOf<typeof applicationRecordedV1>;

/** `enrollment.application.withdrawn` v1 */
export const applicationWithdrawnV1 = defineEvent(
  'enrollment.application.withdrawn',
  1,
  z.strictObject({ applicationId: uuid, roundId: uuid, withdrawnAt: dateTime }),
);
export type ApplicationWithdrawnV1 = EventDataOf<typeof applicationWithdrawnV1>;

/** `enrollment.round.published` v1: results of a round are out; the lottery seed is revealed so anyone can re-run the draw. */
export const roundPublishedV1 = defineEvent(
  'enrollment.round.published',
  1,
  z.strictObject({
    roundId: uuid,
    schoolYear: schoolYearCode,
    grade: admissionGrade,
    /** The seed; SHA-256(seed) equals the commitment shown since the round was created. */
    seed: z.string().min(16).max(200),
    seedCommitment: z.string().regex(/^[0-9a-f]{64}$/),
    publishedAt: dateTime,
    schools: z.array(
      z.strictObject({
        schoolId: uuid,
        capacity: count,
        applied: count,
        admitted: count,
        waiting: count,
      }),
    ),
    applications: count,
    unplaced: count,
  }),
);
export type RoundPublishedV1 = EventDataOf<typeof roundPublishedV1>;

/** `enrollment.offer.made` v1: an applicant is offered a place (from the round's assignment or the waiting list). */
export const offerMadeV1 = defineEvent(
  'enrollment.offer.made',
  1,
  z.strictObject({
    offerId: uuid,
    applicationId: uuid,
    roundId: uuid,
    schoolId: uuid,
    schoolYear: schoolYearCode,
    grade: admissionGrade,
    /** 1 = the applicant's first wish. */
    wishRank: z.int().min(1),
    madeAt: dateTime,
  }),
);
export type OfferMadeV1 = EventDataOf<typeof offerMadeV1>;

/** `enrollment.enrollment.confirmed` v1: the school confirmed the enrollment of an applicant who accepted its offer. */
export const enrollmentConfirmedV1 = defineEvent(
  'enrollment.enrollment.confirmed',
  1,
  z.strictObject({
    applicationId: uuid,
    offerId: uuid,
    studentId: uuid,
    schoolId: uuid,
    schoolYear: schoolYearCode,
    grade: admissionGrade,
    confirmedAt: dateTime,
  }),
);
export type EnrollmentConfirmedV1 = EventDataOf<typeof enrollmentConfirmedV1>;

/**
 * `enrollment.student.enrolled` v1: a learner is now a student of a school, by admission or by
 * transfer. What payments (obligations), records (học bạ) and the KPI aggregator start from.
 */
export const studentEnrolledV1 = defineEvent(
  'enrollment.student.enrolled',
  1,
  z.strictObject({
    studentId: uuid,
    schoolId: uuid,
    grade: schoolGrade,
    className: z.string().max(50).nullable(),
    schoolYear: schoolYearCode,
    /** Area segment of the school, for indicators by segment. */
    segment: z.enum(AREA_SEGMENTS),
    reason: z.enum(['admission', 'transfer']),
    enrolledOn: calendarDate,
  }),
);
export type StudentEnrolledV1 = EventDataOf<typeof studentEnrolledV1>;

/**
 * `enrollment.guardian.linked` v1: a signed-in account is a guardian of the student (phụ huynh),
 * so other services can give it the family reach of their authorization policies. The guardian is
 * the identity provider's `sub` of the account, never a personal identification number.
 */
export const guardianLinkedV1 = defineEvent(
  'enrollment.guardian.linked',
  1,
  z.strictObject({
    studentId: uuid,
    guardianSubject: z.string().min(1).max(200),
    /** How the relation is known: the family applied for the child, or a roster import said so. */
    basis: z.enum(['application', 'import']),
    linkedAt: dateTime,
  }),
);
export type GuardianLinkedV1 = EventDataOf<typeof guardianLinkedV1>;

/** `enrollment.transfer.completed` v1: a student moved school (chuyển trường); payments prorate, records follow. */
export const transferCompletedV1 = defineEvent(
  'enrollment.transfer.completed',
  1,
  z.strictObject({
    transferId: uuid,
    studentId: uuid,
    fromSchoolId: uuid,
    toSchoolId: uuid,
    grade: schoolGrade,
    schoolYear: schoolYearCode,
    /** First day at the new school. */
    effectiveDate: calendarDate,
    completedAt: dateTime,
  }),
);
export type TransferCompletedV1 = EventDataOf<typeof transferCompletedV1>;

/** Applications per channel. */
const channelCounts = { online: count, portal: count, paper: count };

/** `enrollment.round.closed` v1: the deadline passed; the applications of the round are final, with counts by channel. */
export const roundClosedV1 = defineEvent(
  'enrollment.round.closed',
  1,
  z.strictObject({
    roundId: uuid,
    schoolYear: schoolYearCode,
    grade: admissionGrade,
    closedAt: dateTime,
    applications: count,
    byChannel: z.strictObject(channelCounts),
    /** Applications by first-wish school, for per-school online shares. */
    bySchool: z.array(z.strictObject({ schoolId: uuid, ...channelCounts })),
  }),
);
export type RoundClosedV1 = EventDataOf<typeof roundClosedV1>;

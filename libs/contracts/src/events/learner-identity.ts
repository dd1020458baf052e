/**
 * Who a learner is, for the services that must print it: a digital school record (học bạ số) and
 * a diploma name the learner. Every other event refers to learners by id only; this one carries
 * the name and date of birth, so it travels on its own compacted topic that only those services
 * may read (Kafka ACLs from the catalogue), and its dead-letter copies carry no `data`
 * (`personalData`). The personal identification number itself never leaves enrollment: only its
 * last four digits, for display.
 */
import { z } from 'zod';
import { defineEvent, EventDataOf } from '../contract';
import { calendarDate, dateTime, uuid } from './fields';

export const LEARNER_GENDERS = ['male', 'female'] as const;

/**
 * `enrollment.learner.identity-recorded` v1: the learner's identity as the learner register
 * holds it now (full state; the latest per learner wins). Published when a learner enters the
 * register (admission, roster import) and when the register's identity changes.
 */
export const learnerIdentityRecordedV1 = defineEvent(
  'enrollment.learner.identity-recorded',
  1,
  z.strictObject({
    studentId: uuid,
    /** NFC-normalised, as the register stores it. */
    fullName: z.string().min(1).max(150),
    dateOfBirth: calendarDate,
    gender: z.enum(LEARNER_GENDERS).nullable(),
    /** Dân tộc, as written in the register. */
    ethnicity: z.string().min(1).max(50).nullable(),
    personalIdLast4: z
      .string()
      .regex(/^\d{4}$/)
      .nullable(),
    recordedAt: dateTime,
  }),
);
export type LearnerIdentityRecordedV1 = EventDataOf<typeof learnerIdentityRecordedV1>;

import { learnerIdentityEvents } from '../../shared/learner-identities';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  Conflict,
  EnrollmentConfirmedV1,
  EventTypes,
  GuardianLinkedV1,
  newEvent,
  provinceDate,
  StudentEnrolledV2,
} from '@qn/contracts';
import { Principal } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { OrgDirectory } from '@qn/org-directory';
import { idempotentTransaction } from '@qn/service-kit';
import { ApplicationRepository } from '../../applications/application.repository';
import { RoundRepository } from '../../rounds/round.repository';
import { checkOfferMove } from '../domain/offer-rules';
import { lockOffer, setOfferStatus } from '../offer.repository';
import { ConfirmEnrollmentDto } from './confirm-enrollment.dto';

/** What the confirmation records and announces about the new student. */
interface Enrollment {
  studentId: string;
  applicationId: string;
  offerId: string;
  applicantHash: string;
  schoolId: string;
  segment: StudentEnrolledV2['segment'];
  grade: EnrollmentConfirmedV1['grade'];
  schoolYear: string;
  className: string | null;
  enrolledOn: string;
  now: Date;
}

/** The school checks the documents and confirms (xác nhận nhập học): the applicant becomes its student. */
@Injectable()
export class ConfirmEnrollmentService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly rounds: RoundRepository,
    private readonly directory: OrgDirectory,
    private readonly messaging: MessagingService,
  ) {}

  async confirm(id: string, _principal: Principal, dto: ConfirmEnrollmentDto) {
    return idempotentTransaction(this.ds, async (tx) => {
      const o = await lockOffer(tx, id);
      checkOfferMove(o.status, 'accepted', 'confirmed');
      const a = (await this.applications.get(o.applicationId, tx))!;
      const round = (await this.rounds.get(o.roundId, tx))!;
      const school = await this.directory.get(o.schoolId, tx);
      if (!school?.school)
        throw new Conflict(
          'school-unknown',
          'The school is not in the registry copy',
          'try again when the registry has caught up',
        );
      const now = new Date();
      // A learner already in the register (on a roster, or admitted before) keeps their id.
      const known: Array<{ id: string }> = await tx.query(
        `SELECT id FROM student WHERE applicant_hash = $1 AND status = 'active' FOR UPDATE`,
        [a.applicantHash],
      );
      const e: Enrollment = {
        studentId: known[0]?.id ?? uuidv7(),
        applicationId: a.id,
        offerId: o.id,
        applicantHash: a.applicantHash,
        schoolId: o.schoolId,
        segment: school.school.segment,
        grade: round.grade,
        schoolYear: round.schoolYear,
        className: dto.className ?? null,
        enrolledOn: provinceDate(now),
        now,
      };
      await insertStudent(tx, e, a);
      await setOfferStatus(tx, id, 'confirmed');
      const guardians = await guardiansOfChild(tx, a.applicantHash);
      const events = enrollmentEvents(e, guardians);
      await this.messaging.outbox.enqueue(tx, [
        ...events,
        ...(await learnerIdentityEvents(tx, [e.studentId], e.now, {
          correlationId: events[0].correlationId,
          causationId: events[0].id,
        })),
      ]);
      return { ...o, status: 'confirmed' as const, studentId: e.studentId };
    });
  }
}

async function insertStudent(
  tx: EntityManager,
  e: Enrollment,
  a: { applicantName: string; dateOfBirth: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO student (id, applicant_hash, full_name, date_of_birth, school_id, grade, class_name, school_year, enrolled_on, application_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO UPDATE
       SET school_id = EXCLUDED.school_id, grade = EXCLUDED.grade, class_name = EXCLUDED.class_name,
           class_id = NULL, school_year = EXCLUDED.school_year, enrolled_on = EXCLUDED.enrolled_on,
           application_id = EXCLUDED.application_id`,
    [
      e.studentId,
      e.applicantHash,
      a.applicantName,
      a.dateOfBirth,
      e.schoolId,
      e.grade,
      e.className,
      e.schoolYear,
      e.enrolledOn,
      e.applicationId,
    ],
  );
  await tx.query(
    `INSERT INTO student_year (student_id, school_year, school_id, grade, enrolled_on)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (student_id, school_year, school_id) DO UPDATE
       SET status = 'enrolled', grade = EXCLUDED.grade, ended_on = NULL`,
    [e.studentId, e.schoolYear, e.schoolId, e.grade, e.enrolledOn],
  );
}

/** Guardians recorded for the child (by the keyed hash of its personal id). */
async function guardiansOfChild(tx: EntityManager, applicantHash: string) {
  const rows: Array<{ subject: string }> = await tx.query(
    `SELECT guardian_subject AS subject FROM guardian WHERE applicant_hash = $1 ORDER BY recorded_at, guardian_subject`,
    [applicantHash],
  );
  return rows;
}

/** Enrollment confirmed, the student enrolled, and each guardian linked to the student. */
function enrollmentEvents(e: Enrollment, guardians: Array<{ subject: string }>) {
  const confirmed = newEvent<EnrollmentConfirmedV1>({
    ...EventTypes.enrollmentConfirmed,
    source: 'enrollment',
    subjectId: e.applicationId,
    orgUnitId: e.schoolId,
    occurredAt: e.now,
    data: {
      applicationId: e.applicationId,
      offerId: e.offerId,
      studentId: e.studentId,
      schoolId: e.schoolId,
      schoolYear: e.schoolYear,
      grade: e.grade,
      confirmedAt: e.now.toISOString(),
    },
  });
  const caused = {
    source: 'enrollment',
    subjectId: e.studentId,
    orgUnitId: e.schoolId,
    correlationId: confirmed.correlationId,
    causationId: confirmed.id,
    occurredAt: e.now,
  };
  return [
    confirmed,
    newEvent<StudentEnrolledV2>({
      ...EventTypes.studentEnrolled,
      ...caused,
      data: {
        studentId: e.studentId,
        schoolId: e.schoolId,
        grade: e.grade,
        classId: null,
        className: e.className,
        schoolYear: e.schoolYear,
        segment: e.segment,
        reason: 'admission',
        enrolledOn: e.enrolledOn,
      },
    }),
    // The child's guardians follow the student: payments and records give them the family reach.
    ...guardians.map((g) =>
      newEvent<GuardianLinkedV1>({
        ...EventTypes.guardianLinked,
        ...caused,
        data: {
          studentId: e.studentId,
          guardianSubject: g.subject,
          basis: 'application',
          linkedAt: e.now.toISOString(),
        },
      }),
    ),
  ];
}

import { Controller, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  EventTypes,
  GuardianLinkedV1,
  PreviousEventTypes,
  studentEnrolledFromV1,
  StudentEnrolledV1,
  StudentEnrolledV2,
  TransferCompletedV1,
} from '@qn/contracts';
import {
  ConsumedEvent,
  ConsumerGroup,
  EventContext,
  OnEvent,
  RejectedEventError,
} from '@qn/messaging';
import { Enrolment } from '../domain/fees';
import { compareDates, isIsoDate } from '../../shared/money';
import { levelOfGrade, StudentAccounts, toDomainSegment } from '../../accounts/student-accounts';
import { StudentBillingService } from './student-billing.service';

/**
 * Obligations from enrollment (nghĩa vụ thu theo học sinh): a student enrolled at a school is
 * billed for the current term there; a completed transfer ends the enrolment at the old school
 * on the effective date (that day excluded), which re-bills the old school's term prorated, and
 * the `student.enrolled` (reason transfer) that follows bills the new school for the rest.
 * Both events are on `enrollment.students.v1`, keyed by student id, so they arrive in order;
 * either alone still leaves the student billed correctly for what is known.
 */
@Controller()
@ConsumerGroup({ group: 'payments.enrollment-students', fromBeginning: true })
export class EnrollmentEventsConsumer {
  private readonly logger = new Logger(EnrollmentEventsConsumer.name);

  constructor(
    private readonly accounts: StudentAccounts,
    private readonly billing: StudentBillingService,
  ) {}

  /** A guardian of the student (the family reach of the policy); a repeat changes nothing. */
  @OnEvent(EventTypes.guardianLinked)
  async guardianLinked(
    @Payload() { event }: ConsumedEvent<GuardianLinkedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const d = event.data;
    await ctx.getTransaction().query(
      `INSERT INTO student_guardian (student_id, guardian_subject, basis, linked_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [d.studentId, d.guardianSubject, d.basis, d.linkedAt],
    );
  }

  /** Enrolments published before v2 (still on the topic): the same, without a class. */
  @OnEvent(PreviousEventTypes.studentEnrolledV1)
  async enrolledV1(
    @Payload() consumed: ConsumedEvent<StudentEnrolledV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const { event } = consumed;
    await this.enrolled(
      { ...consumed, event: { ...event, data: studentEnrolledFromV1(event.data) } },
      ctx,
    );
  }

  @OnEvent(EventTypes.studentEnrolled)
  async enrolled(
    @Payload() { event }: ConsumedEvent<StudentEnrolledV2>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const d = event.data;
    const tx = ctx.getTransaction();
    if (!isIsoDate(d.enrolledOn))
      throw new RejectedEventError(`invalid-date: enrolledOn ${d.enrolledOn} is not a real date`);
    const enrolment: Enrolment = {
      schoolId: d.schoolId,
      level: levelOfGrade(d.grade),
      segment: toDomainSegment(d.segment),
      from: d.enrolledOn,
    };
    const { account, created } = await this.accounts.createOrLock(tx, {
      studentId: d.studentId,
      schoolId: d.schoolId,
      segment: d.segment,
      grade: d.grade,
      schoolYear: d.schoolYear,
      enrolments: [enrolment],
    });
    if (!created) {
      if (account.enrolments.some((x) => x.schoolId === d.schoolId && x.from === d.enrolledOn))
        return; // this enrolment is known already (a redelivery with a new event id)
      // Any enrolment still running on that day ends there: the student is at one school at a time.
      const ended = account.enrolments.map((x) =>
        compareDates(x.from, d.enrolledOn) < 0 &&
        (x.until === undefined || compareDates(d.enrolledOn, x.until) < 0)
          ? { ...x, until: d.enrolledOn }
          : x,
      );
      if (ended.some((x) => compareDates(x.from, d.enrolledOn) >= 0 && x.schoolId !== d.schoolId))
        throw new RejectedEventError(
          `enrolment-overlap: ${d.studentId} already has a later enrolment than ${d.enrolledOn}`,
        );
      account.enrolments = [...ended, enrolment];
      account.schoolId = d.schoolId;
      account.segment = d.segment;
      account.grade = d.grade;
      account.schoolYear = d.schoolYear;
      await this.accounts.update(tx, account);
    }
    await this.billing.syncFrom(tx, account, d.schoolYear, d.enrolledOn, new Date(), event);
  }

  @OnEvent(EventTypes.transferCompleted)
  async transferred(
    @Payload() { event }: ConsumedEvent<TransferCompletedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const d = event.data;
    const tx = ctx.getTransaction();
    const account = await this.accounts.lock(tx, d.studentId);
    if (!account) {
      // Never billed here (enrolled before payments existed): nothing to prorate.
      this.logger.warn(
        `transfer ${d.transferId} of unknown student ${d.studentId}: nothing to prorate`,
      );
      return;
    }
    const running = account.enrolments.find(
      (x) =>
        x.schoolId === d.fromSchoolId &&
        compareDates(x.from, d.effectiveDate) < 0 &&
        (x.until === undefined || compareDates(d.effectiveDate, x.until) < 0),
    );
    if (!running) return; // already ended there (redelivery, or the enrolled event came first)
    account.enrolments = account.enrolments.map((x) =>
      x === running ? { ...x, until: d.effectiveDate } : x,
    );
    await this.accounts.update(tx, account);
    await this.billing.syncFrom(tx, account, d.schoolYear, d.effectiveDate, new Date(), event);
  }
}

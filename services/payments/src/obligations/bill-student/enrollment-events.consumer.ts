import { Controller, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  EventEnvelope,
  EventTypes,
  GuardianLinkedV1,
  PreviousEventTypes,
  studentEnrolledFromV1,
  StudentEnrolledV1,
  StudentEnrolledV2,
  StudentLeftV1,
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
import { endEnrolment, recordEnrolment } from '../domain/enrolments';
import { isIsoDate } from '../../shared/money';
import {
  levelOfGrade,
  StudentAccount,
  StudentAccounts,
  toDomainSegment,
} from '../../accounts/student-accounts';
import { StudentBillingService } from './student-billing.service';

/**
 * Obligations from enrollment (nghĩa vụ thu theo học sinh): a student enrolled at a school (any
 * reason, v1 or v2) is billed for the current term there; a completed transfer or a departure
 * (`student.left`) ends the enrolment at the school on its date (that day excluded), which
 * re-bills the school's term prorated, and for a transfer the `student.enrolled` (reason
 * transfer) that follows bills the new school for the rest. The enrolment history rules are
 * `domain/enrolments.ts`. All these events are on `enrollment.students.v1`, keyed by student id,
 * so they arrive in order; either alone still leaves the student billed correctly for what is
 * known.
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

  /**
   * Every reason the same way: admission, transfer, roster import (any grade 1-12), promotion or
   * repetition (the next school year at the same school, billed for that year and grade).
   */
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
    const current = {
      schoolId: d.schoolId,
      segment: d.segment,
      grade: d.grade,
      schoolYear: d.schoolYear,
    };
    const { account, created } = await this.accounts.createOrLock(tx, {
      studentId: d.studentId,
      ...current,
      enrolments: [enrolment],
    });
    if (!created) {
      const change = recordEnrolment(account.enrolments, enrolment);
      if (change.kind === 'refused') throw new RejectedEventError(change.reason);
      const stays = change.kind === 'unchanged';
      // A redelivery, or the student stays at the school: only a new school year moves the account on.
      if (stays && d.schoolYear <= account.schoolYear) {
        if (d.schoolYear === account.schoolYear && d.schoolId === account.schoolId)
          await this.billing.syncFrom(tx, account, d.schoolYear, d.enrolledOn, new Date(), event);
        return;
      }
      if (change.kind === 'changed') account.enrolments = change.enrolments;
      if (stays || (change.kind === 'changed' && change.latest)) Object.assign(account, current);
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
    const account = await this.accounts.lock(ctx.getTransaction(), d.studentId);
    if (!account) {
      // Never billed here (enrolled before payments existed): nothing to prorate.
      this.logger.warn(
        `transfer ${d.transferId} of unknown student ${d.studentId}: nothing to prorate`,
      );
      return;
    }
    const change = endEnrolment(account.enrolments, d.fromSchoolId, d.effectiveDate);
    // Already ended there (redelivery, or the enrolled event came first).
    if (change.kind !== 'changed') return;
    await this.endAndRebill(ctx, account, change.enrolments, d.schoolYear, d.effectiveDate, event);
  }

  /**
   * A departure (thôi học): the enrolment at the school ends on `leftOn` (that day excluded) and
   * the school's term invoices are re-billed prorated, exactly like the old school of a transfer.
   */
  @OnEvent(EventTypes.studentLeft)
  async left(
    @Payload() { event }: ConsumedEvent<StudentLeftV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const d = event.data;
    if (!isIsoDate(d.leftOn))
      throw new RejectedEventError(`invalid-date: leftOn ${d.leftOn} is not a real date`);
    const account = await this.accounts.lock(ctx.getTransaction(), d.studentId);
    if (!account) {
      this.logger.warn(`departure of unknown student ${d.studentId}: never billed, nothing to end`);
      return;
    }
    const change = endEnrolment(account.enrolments, d.schoolId, d.leftOn);
    if (change.kind === 'refused') throw new RejectedEventError(change.reason);
    if (change.kind === 'unchanged') return; // ended there already: a redelivery
    await this.endAndRebill(ctx, account, change.enrolments, d.schoolYear, d.leftOn, event);
  }

  /** The transfer and departure path: the shortened history saved, the terms from `date` re-billed. */
  private async endAndRebill(
    ctx: EventContext,
    account: StudentAccount,
    enrolments: Enrolment[],
    schoolYear: string,
    date: string,
    event: EventEnvelope,
  ): Promise<void> {
    const tx = ctx.getTransaction();
    account.enrolments = enrolments;
    await this.accounts.update(tx, account);
    await this.billing.syncFrom(tx, account, schoolYear, date, new Date(), event);
  }
}

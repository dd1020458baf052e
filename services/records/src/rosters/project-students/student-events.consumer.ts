import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  EventTypes,
  GuardianLinkedV1,
  PreviousEventTypes,
  studentEnrolledFromV1,
  StudentEnrolledV1,
  StudentEnrolledV2,
  StudentLeftV1,
  StudentPlacedV1,
  StudentYearClosedV1,
  TransferCompletedV1,
} from '@qn/contracts';
import {
  ConsumedEvent,
  ConsumerGroup,
  EventContext,
  OnEvent,
  RejectedEventError,
} from '@qn/messaging';
import {
  applyEnrolled,
  applyLeft,
  applyPlaced,
  applyTransfer,
  applyYearClosed,
} from '../domain/learner-years';
import { RosterProjectionRepository } from '../roster-projection.repository';

/**
 * Learners of `enrollment.students.v1` (keyed by student: one learner's events arrive in order):
 * each learner's school years, classes and how each year ended, and the guardians. Exactly once
 * through the shared idempotent consumer (processed-event rows in the same transaction); an
 * event the contract refuses goes to `enrollment.students.v1.dlq` with the reason before it
 * reaches a handler, one a rule here refuses (`RejectedEventError`) too. A class named before
 * its `class.formed` (another topic, no order between the two) becomes a placeholder the
 * `class.formed` completes.
 */
@Controller()
@ConsumerGroup({ group: 'records.enrollment-students', fromBeginning: true })
export class StudentEventsConsumer {
  constructor(private readonly rosters: RosterProjectionRepository) {}

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
    if (d.classId !== null)
      await this.rosters.ensureClass(tx, {
        classId: d.classId,
        schoolId: d.schoolId,
        schoolYear: d.schoolYear,
        grade: d.grade,
        name: d.className,
      });
    const current = await this.rosters.learnerYear(tx, d.studentId, d.schoolYear, d.schoolId);
    await this.rosters.saveLearnerYear(tx, applyEnrolled(current, d));
  }

  @OnEvent(EventTypes.studentPlaced)
  async placed(
    @Payload() { event }: ConsumedEvent<StudentPlacedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const d = event.data;
    const tx = ctx.getTransaction();
    await this.rosters.ensureClass(tx, d);
    const current = await this.rosters.learnerYear(tx, d.studentId, d.schoolYear, d.schoolId);
    await this.rosters.saveLearnerYear(tx, applyPlaced(current, d));
  }

  @OnEvent(EventTypes.studentYearClosed)
  async yearClosed(
    @Payload() { event }: ConsumedEvent<StudentYearClosedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const d = event.data;
    const tx = ctx.getTransaction();
    const current = await this.rosters.learnerYear(tx, d.studentId, d.schoolYear, d.schoolId);
    await this.rosters.saveLearnerYear(tx, applyYearClosed(current, d));
  }

  @OnEvent(EventTypes.studentLeft)
  async left(
    @Payload() { event }: ConsumedEvent<StudentLeftV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const d = event.data;
    const tx = ctx.getTransaction();
    const current = await this.rosters.learnerYear(tx, d.studentId, d.schoolYear, d.schoolId);
    await this.rosters.saveLearnerYear(tx, applyLeft(current, d));
  }

  /** The year ends at the old school and goes on at the receiving one (the learner's record follows). */
  @OnEvent(EventTypes.transferCompleted)
  async transferred(
    @Payload() { event }: ConsumedEvent<TransferCompletedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const d = event.data;
    if (d.fromSchoolId === d.toSchoolId)
      throw new RejectedEventError(
        `same-school: transfer ${d.transferId} to the school it is from`,
      );
    const tx = ctx.getTransaction();
    const from = await this.rosters.learnerYear(tx, d.studentId, d.schoolYear, d.fromSchoolId);
    const to = await this.rosters.learnerYear(tx, d.studentId, d.schoolYear, d.toSchoolId);
    const rows = applyTransfer(from, to, d);
    await this.rosters.saveLearnerYear(tx, rows.from);
    await this.rosters.saveLearnerYear(tx, rows.to);
  }

  @OnEvent(EventTypes.guardianLinked)
  async guardianLinked(
    @Payload() { event }: ConsumedEvent<GuardianLinkedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.rosters.linkGuardian(ctx.getTransaction(), event.data);
  }
}

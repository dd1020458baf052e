import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  ClassFormedV1,
  EventTypes,
  GraduationCandidatesListedV1,
  StaffMemberChangedV1,
  TeachingAssignedV1,
} from '@qn/contracts';
import { ConsumedEvent, ConsumerGroup, EventContext, OnEvent } from '@qn/messaging';
import { RosterProjectionRepository } from '../roster-projection.repository';

/**
 * Schools' classes, staff, teaching assignments and graduation candidate lists of
 * `enrollment.school-rosters.v1` (keyed by school: one school's changes arrive in order).
 * Exactly once through the shared idempotent consumer; full-state events apply by revision (an
 * older one changes nothing), assignments and lists by their time. An assignment to a class not
 * formed yet makes a placeholder class its `class.formed` completes (no retry loop, nothing
 * lost); one that names a class of another school or year is dead-lettered with the reason.
 * Staff identity checks are enrollment's business: not projected.
 */
@Controller()
@ConsumerGroup({ group: 'records.school-rosters', fromBeginning: true })
export class SchoolRosterEventsConsumer {
  constructor(private readonly rosters: RosterProjectionRepository) {}

  @OnEvent(EventTypes.classFormed)
  async classFormed(
    @Payload() { event }: ConsumedEvent<ClassFormedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.rosters.formClass(ctx.getTransaction(), event.data);
  }

  @OnEvent(EventTypes.staffMemberChanged)
  async staffMemberChanged(
    @Payload() { event }: ConsumedEvent<StaffMemberChangedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.rosters.saveStaffMember(ctx.getTransaction(), event.data);
  }

  @OnEvent(EventTypes.teachingAssigned)
  async teachingAssigned(
    @Payload() { event }: ConsumedEvent<TeachingAssignedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.rosters.assignTeaching(ctx.getTransaction(), event.data);
  }

  @OnEvent(EventTypes.graduationCandidatesListed)
  async graduationCandidatesListed(
    @Payload() { event }: ConsumedEvent<GraduationCandidatesListedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.rosters.listGraduationCandidates(ctx.getTransaction(), event.data);
  }
}

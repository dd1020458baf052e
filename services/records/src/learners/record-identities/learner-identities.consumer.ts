import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventTypes, isIsoDate, LearnerIdentityRecordedV1 } from '@qn/contracts';
import {
  ConsumedEvent,
  ConsumerGroup,
  EventContext,
  OnEvent,
  RejectedEventError,
} from '@qn/messaging';
import { learnerFromIdentity } from '../domain/learner';
import { LearnerRepository } from '../learner.repository';

/**
 * Learners' identities from `enrollment.learner-identities.v1` (compacted, keyed by student; only
 * records may read it: the catalogue lists it as the topic's consumer, so its ACLs give the
 * `records.` groups the topic). Exactly once through the shared idempotent consumer; the latest
 * by `recordedAt` wins. An event the contract refuses goes to the `.dlq` topic with its reason
 * and without its `data` (the event type is declared `personalData`). Nothing here logs: the
 * event is a child's name and date of birth.
 */
@Controller()
@ConsumerGroup({ group: 'records.learner-identities', fromBeginning: true })
export class LearnerIdentitiesConsumer {
  constructor(private readonly learners: LearnerRepository) {}

  @OnEvent(EventTypes.learnerIdentityRecorded)
  async identityRecorded(
    @Payload() { event }: ConsumedEvent<LearnerIdentityRecordedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    // The contract checks the shape (YYYY-MM-DD), not the day: "2013-02-30" would fail in
    // PostgreSQL, whose message quotes the value into the log and the dead letter. The
    // reason names the field, never the value.
    if (!isIsoDate(event.data.dateOfBirth))
      throw new RejectedEventError('not-a-day: /data/dateOfBirth is not a calendar day');
    await this.learners.saveIfNewer(ctx.getTransaction(), learnerFromIdentity(event.data));
  }
}

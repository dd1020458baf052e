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
import { LearnerRepository } from '../learner.repository';

/**
 * Learners' identities from `enrollment.learner-identities.v1` (compacted; the catalogue lists
 * credentials as a reader, so the ACLs give `credentials.` groups the topic): the name and date
 * of birth a diploma prints. Exactly once through the shared idempotent consumer; the latest by
 * `recordedAt` wins. A refused event goes to the `.dlq` topic without its `data` (the type is
 * declared `personalData`). Nothing here logs.
 */
@Controller()
@ConsumerGroup({ group: 'credentials.learner-identities', fromBeginning: true })
export class LearnerIdentitiesConsumer {
  constructor(private readonly learners: LearnerRepository) {}

  @OnEvent(EventTypes.learnerIdentityRecorded)
  async identityRecorded(
    @Payload() { event }: ConsumedEvent<LearnerIdentityRecordedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const d = event.data;
    // The reason names the field, never the value (PostgreSQL would quote it).
    if (!isIsoDate(d.dateOfBirth))
      throw new RejectedEventError('not-a-day: /data/dateOfBirth is not a calendar day');
    await this.learners.saveIfNewer(
      ctx.getTransaction(),
      {
        studentId: d.studentId,
        // Printed on a signed diploma: a decomposed "ễ" must not become a different name.
        fullName: d.fullName.normalize('NFC'),
        dateOfBirth: d.dateOfBirth,
        gender: d.gender,
        ethnicity: d.ethnicity === null ? null : d.ethnicity.normalize('NFC'),
      },
      d.recordedAt,
    );
  }
}

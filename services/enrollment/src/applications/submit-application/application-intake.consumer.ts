import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  ApplicationSubmittedV1,
  ApplicationSubmittedV2,
  EventTypes,
  PreviousEventTypes,
} from '@qn/contracts';
import {
  ConsumedEvent,
  ConsumerGroup,
  EventContext,
  OnEvent,
  RejectedEventError,
} from '@qn/messaging';
import { ApplicationRefused } from '../application-refused';
import { SubmitApplicationService } from './submit-application.service';

/**
 * Applications that outside admission portals publish on `enrollment.application-intake.v1`.
 * Same rules as the API: a refused application goes to the dead-letter topic with the reason
 * (the portal reads it there). A source not in TRUSTED_PORTALS never gets here: the consumer
 * dead-letters it (`forbidden-source`, libs/messaging with the catalogue's publishers).
 */
@Controller()
@ConsumerGroup({ group: 'enrollment.application-intake' })
export class ApplicationIntakeConsumer {
  constructor(private readonly service: SubmitApplicationService) {}

  /** v2: may carry the residential group and the exception to the entry age. */
  @OnEvent(EventTypes.applicationSubmitted)
  async submitted(
    @Payload() { event }: ConsumedEvent<ApplicationSubmittedV2>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.record(event, ctx);
  }

  /** v1, from portals not yet on v2: the same rules, without residential group or age exception. */
  @OnEvent(PreviousEventTypes.applicationSubmittedV1)
  async submittedV1(
    @Payload() { event }: ConsumedEvent<ApplicationSubmittedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.record(event, ctx);
  }

  private async record(
    event: ConsumedEvent<ApplicationSubmittedV1 | ApplicationSubmittedV2>['event'],
    ctx: EventContext,
  ): Promise<void> {
    const d = event.data;
    const submittedAt = new Date(d.submittedAt);
    if (submittedAt.getTime() > Date.now() + 5 * 60_000)
      throw new RejectedEventError(
        `submitted-in-future: submittedAt ${d.submittedAt} is later than now`,
      );
    try {
      await this.service.submit(
        {
          roundId: d.roundId,
          applicant: d.applicant,
          wishes: d.wishes,
          priorityCategories: d.priorityCategories,
          examScores: d.examScores,
          bonusPoints: d.bonusPoints,
          channel: 'portal',
          source: event.source,
          externalId: d.externalId,
          recordedBy: event.source,
          // The deadline applies to when the family submitted at the portal, not when Kafka delivered it.
          now: submittedAt,
          cause: event,
        },
        ctx.getTransaction(),
      );
    } catch (err) {
      throw err instanceof ApplicationRefused ? err.toRejectedEvent() : err;
    }
  }
}

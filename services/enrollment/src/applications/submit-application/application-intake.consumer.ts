import { Injectable, OnModuleInit } from '@nestjs/common';
import { ApplicationSubmittedV1, EventTypes, Topics } from '@qn/contracts';
import { byEventType, MessagingService, RejectedEventError } from '@qn/messaging';
import { ApplicationRefused } from '../application-refused';
import { SubmitApplicationService } from './submit-application.service';

/**
 * Applications that outside admission portals publish on `enrollment.application-intake.v1`.
 * Same rules as the API: a refused application goes to the dead-letter topic with the reason
 * (the portal reads it there). A source not in TRUSTED_PORTALS never gets here: the consumer
 * dead-letters it (`forbidden-source`, libs/messaging with the catalogue's publishers).
 */
@Injectable()
export class ApplicationIntakeConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: MessagingService,
    private readonly service: SubmitApplicationService,
  ) {}

  onModuleInit(): void {
    this.messaging.registerConsumer({
      group: 'enrollment.application-intake',
      topics: [Topics.enrollmentApplicationIntake],
      handler: byEventType({
        [EventTypes.applicationSubmitted.type]: async ({ event }, tx) => {
          const d = event.data as ApplicationSubmittedV1;
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
              tx,
            );
          } catch (err) {
            throw err instanceof ApplicationRefused ? err.toRejectedEvent() : err;
          }
        },
      }),
    });
  }
}

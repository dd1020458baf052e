import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ApplicationSubmittedV1, EventTypes, Topics } from '@qn/contracts';
import { byEventType, MessagingService, RejectedEventError } from '@qn/messaging';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { EnrollmentConfig } from '../../config';
import { ApplicationRefused } from '../application-refused';
import { SubmitApplicationService } from './submit-application.service';

/**
 * Applications that outside admission portals publish on `enrollment.application-intake.v1`.
 * Same rules as the API: a refused application goes to the dead-letter topic with the reason
 * (the portal reads it there); an unknown source is refused the same way.
 */
@Injectable()
export class ApplicationIntakeConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: MessagingService,
    private readonly service: SubmitApplicationService,
    @Inject(SERVICE_CONFIG) private readonly config: EnrollmentConfig,
  ) {}

  onModuleInit(): void {
    this.messaging.registerConsumer({
      group: 'enrollment.application-intake',
      topics: [Topics.enrollmentApplicationIntake],
      handler: byEventType({
        [EventTypes.applicationSubmitted.type]: async ({ event }, tx) => {
          if (!this.config.TRUSTED_PORTALS.includes(event.source))
            throw new RejectedEventError(
              `unknown-source: ${event.source} is not a trusted admission portal`,
            );
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

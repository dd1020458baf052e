import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventTypes, type GraduationEligibilityAssessedV1 } from '@qn/contracts';
import { ConsumedEvent, ConsumerGroup, EventContext, OnEvent } from '@qn/messaging';
import { IssuanceRepository } from '../issuance.repository';

/**
 * What records says about each learner's graduation at the end of grades 9 and 12
 * (`records.graduation-eligibility.assessed` on `records.school-records.v1`): the candidates a
 * school may propose. The latest assessment per learner, level and year wins (a summer
 * re-assessment turns `pending` into `eligible` or `not-eligible`).
 */
@Controller()
@ConsumerGroup({ group: 'credentials.graduation-eligibility', fromBeginning: true })
export class GraduationEligibilityConsumer {
  constructor(private readonly repo: IssuanceRepository) {}

  @OnEvent(EventTypes.graduationEligibilityAssessed)
  async assessed(
    @Payload() { event }: ConsumedEvent<GraduationEligibilityAssessedV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.repo.saveCandidate(ctx.getTransaction(), event.data);
  }
}

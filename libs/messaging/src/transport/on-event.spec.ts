import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { EventTypes, GuardianLinkedV1, StudentEnrolledV2 } from '@qn/contracts';
import type { ConsumedEvent } from '../consumer/event-consumer';
import { OnEvent } from './consumer-group.decorator';
import type { EventContext } from './event-context';

// `npm run lint` type-checks this file: the @ts-expect-error lines fail it if the decorator ever
// accepts a handler whose payload is not the named event type's.
class Handlers {
  @OnEvent(EventTypes.studentEnrolled)
  async enrolled(_e: ConsumedEvent<StudentEnrolledV2>, _ctx: EventContext): Promise<void> {}

  // @ts-expect-error a guardian-linked payload for the student-enrolled pattern
  @OnEvent(EventTypes.studentEnrolled)
  async wrong(_e: ConsumedEvent<GuardianLinkedV1>, _ctx: EventContext): Promise<void> {}
}

describe('OnEvent', () => {
  it('registers the event pattern Nest routes by', () => {
    expect(Reflect.getMetadata(PATTERN_METADATA, Handlers.prototype.enrolled)).toEqual([
      EventTypes.studentEnrolled,
    ]);
  });
});

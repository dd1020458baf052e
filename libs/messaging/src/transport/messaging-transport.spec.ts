import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { DataSource, EntityManager } from 'typeorm';
import {
  EventEnvelope,
  EventTypes,
  GuardianLinkedV1,
  newEvent,
  platformCatalog,
  StudentEnrolledV1,
} from '@qn/contracts';
import { ConsumedEvent, RejectedEventError } from '../consumer/event-consumer';
import { ConsumerRegistration } from '../messaging.module';
import { ConsumerGroup } from './consumer-group.decorator';
import { EventContext } from './event-context';
import { MessagingTransport } from './messaging-transport';

const seen: Array<{ group: string; event: EventEnvelope; ctx: EventContext }> = [];

@Controller()
@ConsumerGroup({ group: 'test.students', maxAttempts: 2 })
class StudentsConsumer {
  @EventPattern(EventTypes.studentEnrolled)
  async enrolled(
    @Payload() { event }: ConsumedEvent<StudentEnrolledV1>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    if (event.data.studentId === 'refused') throw new RejectedEventError('refused here');
    seen.push({ group: 'test.students', event, ctx });
  }

  @EventPattern(EventTypes.guardianLinked)
  async linked(@Payload() { event }: ConsumedEvent<GuardianLinkedV1>, @Ctx() ctx: EventContext) {
    seen.push({ group: 'test.students', event, ctx });
  }
}

/** The same event type in another group: runs only in its own group's consumer. */
@Controller()
@ConsumerGroup({ group: 'test.other' })
class OtherConsumer {
  @EventPattern(EventTypes.studentEnrolled)
  enrolled(@Payload() { event }: ConsumedEvent<StudentEnrolledV1>, @Ctx() ctx: EventContext) {
    seen.push({ group: 'test.other', event, ctx });
  }
}

function consumed<T>(type: { type: string; version: number }, data: T): ConsumedEvent<T> {
  return {
    event: newEvent({ ...type, source: 'enrollment', subjectId: 's-1', data }),
    topic: 'enrollment.students.v1',
    partition: 2,
    offset: '41',
    headers: {},
  };
}

describe('MessagingTransport', () => {
  let regs: ConsumerRegistration[] = [];
  let stopped = 0;
  const tx: EntityManager = new DataSource({ type: 'postgres' }).manager;

  async function start(controllers: Array<new (...a: never[]) => unknown>) {
    regs = [];
    const transport = new MessagingTransport({
      catalog: platformCatalog,
      runConsumers: async (r) => void regs.push(...r),
      stopConsumers: async () => void stopped++,
    });
    const moduleRef = await Test.createTestingModule({ controllers }).compile();
    const ms = moduleRef.createNestMicroservice({ strategy: transport, logger: false });
    await ms.listen();
    return ms;
  }

  beforeEach(() => (seen.length = 0));

  it('registers one consumer per group, with the topics of its event types and its options', async () => {
    const ms = await start([StudentsConsumer, OtherConsumer]);
    expect(regs.map(({ handler: _h, ...r }) => r)).toEqual([
      expect.objectContaining({
        group: 'test.students',
        topics: ['enrollment.students.v1'],
        maxAttempts: 2,
      }),
      expect.objectContaining({ group: 'test.other', topics: ['enrollment.students.v1'] }),
    ]);
    await ms.close();
    expect(stopped).toBe(1);
  });

  it('gives each handler its typed event and a context with the transaction and coordinates', async () => {
    const ms = await start([StudentsConsumer, OtherConsumer]);
    const enrolled = consumed(EventTypes.studentEnrolled, { studentId: 'a' });
    const linked = consumed(EventTypes.guardianLinked, { studentId: 'a' });
    const unknown = consumed(EventTypes.invoiceIssued, {});
    await regs[0].handler([enrolled, unknown, linked], tx);
    expect(seen.map((s) => [s.group, s.event.type])).toEqual([
      ['test.students', EventTypes.studentEnrolled.type],
      ['test.students', EventTypes.guardianLinked.type],
    ]);
    const ctx = seen[0].ctx;
    expect(ctx).toBeInstanceOf(EventContext);
    expect(ctx.getTransaction()).toBe(tx);
    expect(ctx.getEvent()).toBe(enrolled.event);
    expect([ctx.getTopic(), ctx.getPartition(), ctx.getOffset()]).toEqual([
      'enrollment.students.v1',
      2,
      '41',
    ]);
    await ms.close();
  });

  it('hands the error back as thrown, so a rejected event still goes to the DLQ as rejected', async () => {
    const ms = await start([StudentsConsumer]);
    const refused = consumed(EventTypes.studentEnrolled, { studentId: 'refused' });
    await expect(regs[0].handler([refused], tx)).rejects.toBeInstanceOf(RejectedEventError);
    await ms.close();
  });

  it('refuses an event pattern outside a consumer group, and a pattern not in the catalogue', async () => {
    @Controller()
    class NoGroup {
      @EventPattern(EventTypes.studentEnrolled)
      handle() {}
    }
    await expect(start([NoGroup])).rejects.toThrow(/@ConsumerGroup/);
    @Controller()
    @ConsumerGroup({ group: 'test.unknown' })
    class Unknown {
      @EventPattern({ type: 'no.such.event', version: 1 })
      handle() {}
    }
    await expect(start([Unknown])).rejects.toThrow(/not an event type of the catalogue/);
  });
});

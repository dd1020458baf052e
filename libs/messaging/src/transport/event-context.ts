import { BaseRpcContext } from '@nestjs/microservices';
import { IHeaders } from 'kafkajs';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@qn/contracts';
import { ConsumedEvent } from '../consumer/event-consumer';

/**
 * What an `@EventPattern` handler gets with `@Ctx()`: the consumer's transaction and where the
 * event came from. Everything written through `getTransaction()` commits together with the
 * event's processed-event row (and the rest of its chunk), or not at all.
 */
export class EventContext extends BaseRpcContext<[ConsumedEvent, EntityManager]> {
  /** The transaction of the chunk this event is applied in. */
  getTransaction(): EntityManager {
    return this.args[1];
  }

  /** The consumed envelope (also the handler's `@Payload().event`). */
  getEvent(): EventEnvelope {
    return this.args[0].event;
  }

  getTopic(): string {
    return this.args[0].topic;
  }

  getPartition(): number {
    return this.args[0].partition;
  }

  getOffset(): string {
    return this.args[0].offset;
  }

  getHeaders(): IHeaders {
    return this.args[0].headers;
  }
}

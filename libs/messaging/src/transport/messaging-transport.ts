import { CustomTransportStrategy, MessageHandler, MsPattern, Server } from '@nestjs/microservices';
import { context } from '@opentelemetry/api';
import { isObservable, lastValueFrom } from 'rxjs';
import { EntityManager } from 'typeorm';
import { ConsumedEvent, EventHandler } from '../consumer/event-consumer';
import { ConsumerRegistration, MessagingService } from '../messaging.module';
import { contextFromKafkaHeaders } from '../trace-context';
import { ConsumerGroupOptions } from './consumer-group.decorator';
import { EventContext } from './event-context';

interface GroupHandlers {
  options: ConsumerGroupOptions;
  /** Handler per normalized pattern (`{"type":…,"version":…}`). */
  handlers: Map<string, MessageHandler>;
}

/**
 * Nest's transport for the platform's events (a `CustomTransportStrategy`): the `@EventPattern`
 * handlers of `@ConsumerGroup` classes become the idempotent consumers of libs/messaging, so
 * chunks in one transaction, processed-event rows, transient-fault backoff, the DLQ, tracing
 * and the source check stay in the one mechanism (EventConsumer). On `listen` each group is
 * registered with the MessagingService, which starts it now or, while the broker is away, in
 * its background retry; `close` makes the consumers finish their batch and leave their group.
 */
export class MessagingTransport extends Server implements CustomTransportStrategy {
  private readonly groups = new Map<string, GroupHandlers>();

  constructor(
    private readonly messaging: Pick<
      MessagingService,
      'catalog' | 'runConsumers' | 'stopConsumers'
    >,
  ) {
    super();
  }

  /**
   * Kept per consumer group. Nest's own map chains the handlers of one pattern across classes
   * and calling the first runs them all; an event type consumed by two groups must run only in
   * its own group's transaction.
   */
  override addHandler(
    pattern: MsPattern,
    callback: MessageHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    const route = this.normalizePattern(pattern);
    const options = groupOptions(extras);
    if (!isEventHandler || !options)
      throw new Error(
        `messaging transport: ${route} must be an @EventPattern of a @ConsumerGroup class`,
      );
    const group = this.groups.get(options.group) ?? { options, handlers: new Map() };
    if (group.handlers.has(route))
      throw new Error(`messaging transport: two handlers of ${route} in group ${options.group}`);
    callback.isEventHandler = true;
    callback.extras = extras;
    group.handlers.set(route, callback);
    this.groups.set(options.group, group);
  }

  override getHandlers(): Map<string, MessageHandler> {
    return new Map(
      [...this.groups.values()].flatMap((g) => [...g.handlers].map(([r, h]) => [r, h] as const)),
    );
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      await this.messaging.runConsumers([...this.groups.values()].map((g) => this.consumerOf(g)));
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
    await this.messaging.stopConsumers();
  }

  on(): never {
    throw new Error('messaging transport: no transport events; see MessagingService');
  }

  unwrap<T>(): T {
    throw new Error('messaging transport: the Kafka client is MessagingService.kafka');
  }

  /** One consumer for a group: its topics are those of its event types in the catalogue. */
  private consumerOf({ options, handlers }: GroupHandlers): ConsumerRegistration {
    const topics = new Set<string>();
    for (const route of handlers.keys()) {
      const type = eventTypeOf(route);
      const def = type && this.messaging.catalog.event(...type);
      if (!def)
        throw new Error(
          `messaging transport: ${route} (group ${options.group}) is not an event type of the catalogue; use EventTypes.x`,
        );
      topics.add(def.topic);
    }
    const handler: EventHandler = async (events, tx) => {
      for (const e of events) {
        const h = handlers.get(
          this.normalizePattern({ type: e.event.type, version: e.event.version }),
        );
        // Each event under the trace context of its producer (traceparent header).
        if (h) await context.with(contextFromKafkaHeaders(e.headers), () => invoke(h, e, tx));
      }
    };
    return { ...options, topics: [...topics].sort(), handler };
  }
}

/** Runs a Nest handler and waits for its result, rethrowing what the handler threw. */
async function invoke(h: MessageHandler, e: ConsumedEvent, tx: EntityManager): Promise<void> {
  const result: unknown = await h(e, new EventContext([e, tx]));
  // An error comes back as an Observable that fails (Nest's exception zone, KeepEventErrors).
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}

/** The `@ConsumerGroup` options among a handler's extras. */
function groupOptions(extras: Record<string, unknown>): ConsumerGroupOptions | undefined {
  const { group, fromBeginning } = extras;
  if (typeof group !== 'string') return undefined;
  const num = (k: string) => {
    const v = extras[k];
    return typeof v === 'number' ? v : undefined;
  };
  return {
    group,
    fromBeginning: typeof fromBeginning === 'boolean' ? fromBeginning : undefined,
    maxAttempts: num('maxAttempts'),
    retryBackoffMs: num('retryBackoffMs'),
    transientBackoffMs: num('transientBackoffMs'),
    transientBackoffMaxMs: num('transientBackoffMaxMs'),
  };
}

/** `[type, version]` of a normalized `{type, version}` pattern (EventTypes.x), else undefined. */
function eventTypeOf(route: string): [string, number] | undefined {
  try {
    const p: unknown = JSON.parse(route);
    if (p && typeof p === 'object' && 'type' in p && 'version' in p) {
      const { type, version } = p;
      if (typeof type === 'string' && typeof version === 'number') return [type, version];
    }
  } catch {
    // not an object pattern
  }
  return undefined;
}

import { ArgumentsHost, Catch, RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { PATTERN_EXTRAS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import type { EventPayload, PlatformEventRef } from '@qn/contracts';
import type { ConsumedEvent } from '../consumer/event-consumer';
import type { EventContext } from './event-context';
import { Observable, throwError } from 'rxjs';

/** Where the `@EventPattern` handlers of one class consume: one consumer group. */
export interface ConsumerGroupOptions {
  /** Group name without prefix, e.g. `payments.enrollment-students` (`<service>.<name>`, ACLs). */
  group: string;
  /** Read a new group's topics from the beginning (default true). */
  fromBeginning?: boolean;
  /** Attempts per event before the dead-letter topic (deterministic failures; default 4). */
  maxAttempts?: number;
  retryBackoffMs?: number;
  /** Backoff through transient faults (EventConsumer's defaults: 200 ms doubling to 10 s). */
  transientBackoffMs?: number;
  transientBackoffMaxMs?: number;
}

/**
 * Hands a handler's error back to the transport as it was thrown. Nest's default RPC filter
 * would replace it with `{ status: 'error' }`, and the consumer decides by the error itself:
 * `RejectedEventError` to the DLQ at once, a transient fault retried, anything else retried
 * per event then dead-lettered.
 */
@Catch()
export class KeepEventErrors implements RpcExceptionFilter<unknown> {
  catch(error: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => error);
  }
}

/**
 * Declares the consumer group of a class's `@EventPattern` handlers (a `@Controller()`): the
 * options become each handler's pattern extras, which the messaging transport reads at start.
 * The group's topics are those of its event types in the catalogue. Also keeps handler errors
 * as thrown (`KeepEventErrors`).
 */
export function ConsumerGroup(options: ConsumerGroupOptions): ClassDecorator {
  return (target) => {
    // Method decorators have run by now: each @EventPattern method carries its metadata.
    for (const key of Object.getOwnPropertyNames(target.prototype)) {
      const method: unknown = Object.getOwnPropertyDescriptor(target.prototype, key)?.value;
      if (typeof method !== 'function' || !Reflect.hasMetadata(PATTERN_METADATA, method)) continue;
      Reflect.defineMetadata(
        PATTERN_EXTRAS_METADATA,
        { ...options, ...Reflect.getMetadata(PATTERN_EXTRAS_METADATA, method) },
        method,
      );
    }
    UseFilters(new KeepEventErrors())(target);
  };
}

/**
 * `@EventPattern` whose handler's payload type is checked against the event type it names: a
 * handler for `EventTypes.studentEnrolled` must accept `ConsumedEvent<StudentEnrolledV1>` (the
 * payload derived from the contract), so pattern and payload cannot drift apart.
 */
export function OnEvent<R extends PlatformEventRef>(ref: R) {
  return <H extends (event: ConsumedEvent<EventPayload<R>>, ctx: EventContext) => Promise<void>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ): void => {
    EventPattern(ref)(target, key, descriptor);
  };
}

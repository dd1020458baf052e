/**
 * The type-level map from event type and version to payload, derived from the declarations in
 * `events/*.ts` (every exported `defineEvent`). A handler registered for `EventTypes.x` types
 * its event as `TypedEvent<typeof EventTypes.x>` (or `EventEnvelope<EventPayload<…>>`).
 */
import { ContractsIn, EventContract, EventDataOf, EventRef } from './contract';
import { causedBy, EventEnvelope, newEvent, NewEventInput } from './envelope';
import type * as registry from './events/registry';
import type * as enrollment from './events/enrollment';
import type * as payments from './events/payments';
import type * as roster from './events/roster';
import type * as learnerIdentity from './events/learner-identity';
import type * as records from './events/records';
import type * as credentials from './events/credentials';

/** Every declared event version of the platform. */
export type PlatformContract =
  | ContractsIn<typeof registry>
  | ContractsIn<typeof enrollment>
  | ContractsIn<typeof payments>
  | ContractsIn<typeof roster>
  | ContractsIn<typeof learnerIdentity>
  | ContractsIn<typeof records>
  | ContractsIn<typeof credentials>;

/** Every event type of the platform, e.g. `'enrollment.student.enrolled'`. */
export type PlatformEventType = PlatformContract['type'];

/** The declared versions of an event type. */
export type PlatformEventVersion<T extends PlatformEventType> = Extract<
  PlatformContract,
  { type: T }
>['version'];

/** Every declared `{ type, version }` pair (what `EventTypes` values are). */
export type PlatformEventRef = PlatformContract extends infer C
  ? C extends EventContract
    ? EventRef<C['type'], C['version']>
    : never
  : never;

/** The payload of a type and version: `EventData<'enrollment.student.enrolled', 1>` is `StudentEnrolledV1`. */
export type EventData<
  T extends PlatformEventType,
  V extends PlatformEventVersion<T> = PlatformEventVersion<T>,
> = EventDataOf<Extract<PlatformContract, { type: T; version: V }>>;

/** The payload of an `EventTypes` entry: `EventPayload<typeof EventTypes.studentEnrolled>`. */
export type EventPayload<R extends PlatformEventRef> = EventDataOf<
  Extract<PlatformContract, { type: R['type']; version: R['version'] }>
>;

/** An envelope of one event type and version, its `data` typed. */
export type TypedEvent<R extends PlatformEventRef> = EventEnvelope<EventPayload<R>> & {
  type: R['type'];
  version: R['version'];
};

/** Any event of the platform, discriminated by `type` (and `version`). */
export type PlatformEvent = PlatformEventRef extends infer R
  ? R extends PlatformEventRef
    ? TypedEvent<R>
    : never
  : never;

/**
 * Whether an envelope is of `ref`'s type and version, narrowing its `data` type. It does not
 * validate: use it on events the catalogue validated (every consumed event is).
 */
export const isEventOf = <R extends PlatformEventRef>(
  ref: R,
  event: EventEnvelope,
): event is TypedEvent<R> => event.type === ref.type && event.version === ref.version;

/** What `newEvent` needs besides the type and version, with `data` typed by them. */
export type TypedEventInput<R extends PlatformEventRef> = Omit<
  NewEventInput<EventPayload<R>>,
  'type' | 'version'
>;

/** `newEvent` for `ref`'s type and version: `data` must be its payload. */
export const newTypedEvent = <R extends PlatformEventRef>(
  ref: R,
  input: TypedEventInput<R>,
): TypedEvent<R> => newEvent({ ...input, type: ref.type, version: ref.version }) as TypedEvent<R>;

/** `causedBy` for `ref`'s type and version: `data` must be its payload. */
export const typedEventCausedBy = <R extends PlatformEventRef>(
  cause: Pick<EventEnvelope, 'id' | 'correlationId'>,
  ref: R,
  input: TypedEventInput<R>,
): TypedEvent<R> =>
  causedBy(cause, { ...input, type: ref.type, version: ref.version }) as TypedEvent<R>;

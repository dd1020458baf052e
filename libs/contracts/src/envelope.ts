import { v7 as uuidv7 } from 'uuid';

/**
 * The one event envelope of the platform. Every event on every topic has this shape; `data`
 * is described by a JSON Schema per (type, version) in the catalogue.
 */
export interface EventEnvelope<TData = unknown> {
  /** UUIDv7: unique per event, time-ordered. Consumers deduplicate on it. */
  id: string;
  /** Dotted event type, e.g. `registry.org-unit.changed`. */
  type: string;
  /** Schema version of `data` for this type; a breaking change gets a new version. */
  version: number;
  /** The service (or outside system) that produced the event. */
  source: string;
  /** When the fact happened, ISO 8601 in UTC. */
  occurredAt: string;
  /** The organisation unit the fact belongs to (school, commune, province); null for none. */
  orgUnitId: string | null;
  /** The aggregate the fact is about (never a personal identification number). */
  subjectId: string;
  /** Id shared by every event of one business flow. */
  correlationId: string;
  /** Id of the event or request that caused this one; null for a first cause. */
  causationId: string | null;
  data: TData;
}

export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** JSON Schema of the envelope; `data` is checked separately against the event's own schema. */
export const envelopeSchema = {
  $id: 'https://schemas.edu.quangninh.gov.vn/envelope.json',
  type: 'object',
  required: [
    'id',
    'type',
    'version',
    'source',
    'occurredAt',
    'orgUnitId',
    'subjectId',
    'correlationId',
    'causationId',
    'data',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: UUID_PATTERN },
    type: { type: 'string', pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$' },
    version: { type: 'integer', minimum: 1 },
    source: { type: 'string', minLength: 1, maxLength: 100 },
    occurredAt: { type: 'string', format: 'date-time', pattern: 'Z$' },
    orgUnitId: { type: ['string', 'null'], pattern: UUID_PATTERN },
    subjectId: { type: 'string', minLength: 1, maxLength: 200 },
    correlationId: { type: 'string', minLength: 1, maxLength: 200 },
    causationId: { type: ['string', 'null'], maxLength: 200 },
    data: { type: 'object' },
  },
} as const;

export interface NewEventInput<TData> {
  type: string;
  version: number;
  source: string;
  subjectId: string;
  orgUnitId?: string | null;
  data: TData;
  occurredAt?: Date;
  correlationId?: string;
  causationId?: string | null;
  id?: string;
}

/** Builds an envelope with a fresh UUIDv7 id; a first cause correlates to itself. */
export function newEvent<TData>(input: NewEventInput<TData>): EventEnvelope<TData> {
  const id = input.id ?? uuidv7();
  return {
    id,
    type: input.type,
    version: input.version,
    source: input.source,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    orgUnitId: input.orgUnitId ?? null,
    subjectId: input.subjectId,
    correlationId: input.correlationId ?? id,
    causationId: input.causationId ?? null,
    data: input.data,
  };
}

/** Builds a follow-up event caused by `cause`, keeping its correlation id. */
export function causedBy<TData>(
  cause: Pick<EventEnvelope, 'id' | 'correlationId'>,
  input: NewEventInput<TData>,
): EventEnvelope<TData> {
  return newEvent({ ...input, correlationId: cause.correlationId, causationId: cause.id });
}

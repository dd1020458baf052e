/**
 * What a dead letter (`<topic>.dlq`) carries, as libs/messaging's consumers write it: the
 * original key, a copy of the value (`EventCatalog.deadLetterCopy`), the original headers and
 * these. Spelled here for the AsyncAPI document; `dead-letter.spec.ts` checks they match what
 * the consumer writes.
 */

/** Why a message was dead-lettered (`x-dlq-reason-kind`). */
export const DEAD_LETTER_REASON_KINDS = {
  malformed: 'the value is empty or not JSON',
  'schema-invalid':
    'the envelope, its type and version, or its data does not match the contract (the reason lists the failing paths)',
  'forbidden-source': 'the source may not publish this event type',
  rejected: 'a business rule of the consuming service refuses the event for good',
  'handler-failed': 'the handler kept failing through its retries',
} as const;
export type DeadLetterReasonKind = keyof typeof DEAD_LETTER_REASON_KINDS;

/** What was left out of a dead letter's value (`x-dlq-redacted`). */
export const DEAD_LETTER_REDACTIONS = {
  none: 'the original value, whole (or no value: the original was empty)',
  data: 'the envelope without `data`: the event type carries personal data',
  all: 'no value: the message could not be read, or its type is unknown, so nobody can say what it holds',
} as const;
export type DeadLetterRedaction = keyof typeof DEAD_LETTER_REDACTIONS;

const digits = { type: 'string', pattern: '^\\d+$' };

/** JSON Schema of each header a consumer adds to a dead letter. */
export const DEAD_LETTER_HEADERS: Record<string, Record<string, unknown>> = {
  'x-dlq-redacted': {
    type: 'string',
    enum: Object.keys(DEAD_LETTER_REDACTIONS),
    description: `What the value leaves out. ${Object.entries(DEAD_LETTER_REDACTIONS)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ')}.`,
  },
  'x-dlq-reason': {
    type: 'string',
    description:
      '`<kind>: <detail>`; for schema-invalid the failing paths and rules, never the values, e.g. `schema-invalid: /data/grade must be <= 12`.',
  },
  'x-dlq-reason-kind': {
    type: 'string',
    enum: Object.keys(DEAD_LETTER_REASON_KINDS),
    description: `${Object.entries(DEAD_LETTER_REASON_KINDS)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ')}.`,
  },
  'x-original-topic': {
    type: 'string',
    description: "The topic the message was read from (with the deployment's prefix).",
  },
  'x-original-partition': { ...digits, description: 'Its partition.' },
  'x-original-offset': {
    ...digits,
    description: 'Its offset: a redacted dead letter is replayed from the original there.',
  },
  'x-consumer-group': { type: 'string', description: 'The consumer group that gave up on it.' },
  'x-failed-at': { type: 'string', format: 'date-time', description: 'When, in UTC.' },
};

/** Header a replayed event carries on its original topic (libs/messaging's dlq-replay). */
export const REPLAYED_FROM_HEADER = 'x-replayed-from';

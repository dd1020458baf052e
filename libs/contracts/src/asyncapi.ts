import { dlqTopicOf, EventCatalog, EventDefinition, TopicDefinition } from './catalog';
import { DEAD_LETTER_HEADERS, REPLAYED_FROM_HEADER } from './dead-letter';
import { envelopeSchema } from './envelope';
import { DEAD_LETTER_RETENTION, retentionMs } from './topic-config';

const pascal = (s: string) =>
  s
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

const messageIdOf = (e: EventDefinition) => `${pascal(e.type)}V${e.version}`;

/** Headers the outbox relay writes on every event (and the replay on a replayed one). */
const eventHeaders = (e: EventDefinition) => ({
  traceparent: {
    type: 'string',
    description: 'W3C trace context of the producing request',
  },
  'event-type': { type: 'string', const: e.type },
  'event-version': { type: 'string', const: String(e.version) },
});

const UNREADABLE = 'UnreadableDeadLetter';

const HEADERS_OF_DEAD_LETTERS = 'DeadLetterHeaders';

/** The headers of every dead letter: the original event's (when it had them) and the consumer's. */
const deadLetterHeaders = {
  type: 'object',
  required: Object.keys(DEAD_LETTER_HEADERS),
  properties: {
    traceparent: { type: 'string', description: 'Copied from the original message.' },
    'event-type': { type: 'string', description: 'Copied from the original message.' },
    'event-version': { type: 'string', description: 'Copied from the original message.' },
    ...DEAD_LETTER_HEADERS,
  },
};

/** Dead letters of one event version: the common headers with its type, version and redaction. */
function deadLetterMessage(e: EventDefinition, topic: TopicDefinition): Record<string, unknown> {
  const headers = (redacted: string) => ({
    allOf: [
      { $ref: `#/components/schemas/${HEADERS_OF_DEAD_LETTERS}` },
      {
        properties: {
          'event-type': { const: e.type },
          'event-version': { const: String(e.version) },
          'x-dlq-redacted': { const: redacted },
        },
      },
    ],
  });
  const typeAndVersion = {
    type: { type: 'string', const: e.type },
    version: { type: 'integer', const: e.version },
  };
  const common = {
    name: e.type,
    title: `${e.type} v${e.version} (dead letter)`,
    contentType: 'application/json',
  };
  const bindings = {
    kafka: { key: { type: 'string', description: `The original key: ${topic.keyDescription}` } },
  };
  if (e.personalData) {
    const { data: _data, ...envelopeProps } = envelopeSchema.properties;
    return {
      ...common,
      summary: `Dead letter of ${e.type} v${e.version}: the envelope without its data.`,
      description:
        "The event carries a child's personal data, so its dead letter keeps only the envelope: `data` is left out (`x-dlq-redacted: data`). The original stays on its topic; a replay reads it at `x-original-topic/partition/offset`.",
      headers: headers('data'),
      payload: {
        type: 'object',
        description:
          'The envelope as received, without `data` (when the reason is schema-invalid, the other fields are as received too).',
        required: ['type', 'version'],
        not: { required: ['data'] },
        properties: { ...envelopeProps, ...typeAndVersion },
      },
      bindings,
    };
  }
  return {
    ...common,
    summary: `Dead letter of ${e.type} v${e.version}: the message kept whole, for diagnosis and replay.`,
    headers: headers('none'),
    payload: {
      type: 'object',
      description: `The original value, unchanged: a ${messageIdOf(e)} envelope, unless the reason is schema-invalid (then it is what failed validation).`,
      required: ['type', 'version'],
      properties: typeAndVersion,
    },
    bindings,
  };
}

/** A dead letter whose value could not be read, or of a type the catalogue does not know. */
const unreadableDeadLetter = {
  name: 'unreadable',
  title: 'Unreadable dead letter',
  summary:
    'A message that was empty, not JSON, or of an unknown event type or version: nobody can say what it holds, so its value is not kept.',
  contentType: 'application/json',
  headers: {
    allOf: [
      { $ref: `#/components/schemas/${HEADERS_OF_DEAD_LETTERS}` },
      {
        properties: {
          'x-dlq-redacted': { enum: ['all', 'none'] },
          'x-dlq-reason-kind': { enum: ['malformed', 'schema-invalid'] },
        },
      },
    ],
  },
  payload: { type: 'null', description: 'No value (Kafka null).' },
};

/**
 * An AsyncAPI 3.0 document describing every topic and event version of a catalogue, and the
 * dead-letter topic (`<topic>.dlq`) of each topic.
 */
export function buildAsyncApi(
  catalog: EventCatalog,
  info: { title: string; version: string; description: string },
): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const topic of catalog.allTopics()) {
    const channelId = pascal(topic.name);
    const events = catalog.allEvents().filter((e) => e.topic === topic.name);
    const channelMessages: Record<string, unknown> = {};
    const deadLetters: Record<string, unknown> = {};
    for (const e of events) {
      const messageId = messageIdOf(e);
      const { data: _data, ...envelopeProps } = envelopeSchema.properties;
      messages[messageId] = {
        name: e.type,
        title: `${e.type} v${e.version}`,
        summary: e.description,
        ...(e.personalData
          ? {
              description:
                "Carries a child's personal data: its dead letters leave `data` out (see the topic's `.dlq` channel).",
            }
          : {}),
        contentType: 'application/json',
        headers: {
          type: 'object',
          properties: {
            ...eventHeaders(e),
            [REPLAYED_FROM_HEADER]: {
              type: 'string',
              description:
                'Only on an event replayed from a dead letter: `<dlq topic>/<partition>@<offset>` of that dead letter.',
            },
          },
        },
        payload: {
          type: 'object',
          required: envelopeSchema.required,
          additionalProperties: false,
          properties: {
            ...envelopeProps,
            type: { type: 'string', const: e.type },
            version: { type: 'integer', const: e.version },
            data: e.schema,
          },
        },
        bindings: { kafka: { key: { type: 'string', description: topic.keyDescription } } },
      };
      channelMessages[messageId] = { $ref: `#/components/messages/${messageId}` };
      messages[`${messageId}DeadLetter`] = deadLetterMessage(e, topic);
      deadLetters[`${messageId}DeadLetter`] = {
        $ref: `#/components/messages/${messageId}DeadLetter`,
      };
    }
    deadLetters[UNREADABLE] = { $ref: `#/components/messages/${UNREADABLE}` };
    channels[channelId] = {
      address: topic.name,
      description: topic.description,
      messages: channelMessages,
      bindings: {
        kafka: {
          topic: topic.name,
          partitions: topic.partitions,
          replicas: 1,
          topicConfiguration: {
            'cleanup.policy': [topic.compacted ? 'compact' : 'delete'],
            'retention.ms': retentionMs(topic.retention),
          },
        },
      },
    };
    operations[`publish${channelId}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channelId}` },
      summary: `Events published on ${topic.name}`,
      messages: Object.keys(channelMessages).map((m) => ({
        $ref: `#/channels/${channelId}/messages/${m}`,
      })),
    };
    const dlqId = `${channelId}Dlq`;
    channels[dlqId] = {
      address: dlqTopicOf(topic.name),
      description: `Dead letters of ${topic.name}: messages its consumers could not apply (unreadable, invalid, from a source not allowed, refused by a business rule, or failing after retries), with the reason and the original position in headers. Event types with personal data keep their envelope without \`data\`. libs/messaging's dlq-replay republishes them to ${topic.name}.`,
      messages: deadLetters,
      bindings: {
        kafka: {
          topic: dlqTopicOf(topic.name),
          partitions: 1,
          replicas: 1,
          topicConfiguration: {
            'cleanup.policy': ['delete'],
            'retention.ms': retentionMs(DEAD_LETTER_RETENTION),
          },
        },
      },
    };
    operations[`deadLetter${channelId}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${dlqId}` },
      summary: `Consumers of ${topic.name} dead-letter what they cannot apply`,
      messages: Object.keys(deadLetters).map((m) => ({
        $ref: `#/channels/${dlqId}/messages/${m}`,
      })),
    };
  }
  messages[UNREADABLE] = unreadableDeadLetter;
  return {
    asyncapi: '3.0.0',
    info,
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'Local KRaft broker (deploy/kafka/local-kafka.sh)',
      },
    },
    channels,
    operations,
    components: { schemas: { [HEADERS_OF_DEAD_LETTERS]: deadLetterHeaders }, messages },
  };
}

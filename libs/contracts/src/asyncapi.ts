import { EventCatalog } from './catalog';
import { envelopeSchema } from './envelope';

const pascal = (s: string) =>
  s
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

/** An AsyncAPI 3.0 document describing every topic and event version of a catalogue. */
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
    for (const e of events) {
      const messageId = `${pascal(e.type)}V${e.version}`;
      const { data: _data, ...envelopeProps } = envelopeSchema.properties;
      messages[messageId] = {
        name: e.type,
        title: `${e.type} v${e.version}`,
        summary: e.description,
        contentType: 'application/json',
        headers: {
          type: 'object',
          properties: {
            traceparent: {
              type: 'string',
              description: 'W3C trace context of the producing request',
            },
            'event-type': { type: 'string', const: e.type },
            'event-version': { type: 'string', const: String(e.version) },
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
    }
    channels[channelId] = {
      address: topic.name,
      description: topic.description,
      messages: channelMessages,
      bindings: {
        kafka: {
          topic: topic.name,
          partitions: topic.partitions,
          replicas: 1,
          topicConfiguration: { 'cleanup.policy': [topic.compacted ? 'compact' : 'delete'] },
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
  }
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
    components: { messages },
  };
}

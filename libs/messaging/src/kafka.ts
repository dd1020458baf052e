import { Admin, ITopicConfig, Kafka, KafkaConfig, logLevel, LogEntry } from 'kafkajs';
import { EventCatalog, dlqTopicOf, prefixedTopic } from '@qn/contracts';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Prefix for topics and consumer groups (TOPIC_PREFIX). */
  topicPrefix: string;
}

type LogFn = (msg: string, extra?: Record<string, unknown>) => void;

/** A kafkajs client whose log lines go to the service logger. */
export function createKafka(settings: KafkaSettings, log?: { warn: LogFn; error: LogFn }): Kafka {
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: 5000,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 10000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...extra } = entry;
        if (!log) return;
        if (level <= logLevel.ERROR) log.error(`kafka: ${message}`, extra);
        else log.warn(`kafka: ${message}`, extra);
      },
  };
  return new Kafka(config);
}

/**
 * Creates the catalogue's topics (and their dead-letter topics) if missing. Compacted topics
 * get cleanup.policy=compact. Waits for leaders so producers never see "no leader".
 */
export async function ensureTopics(admin: Admin, catalog: EventCatalog, prefix: string, extra: string[] = []): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const wanted: ITopicConfig[] = [];
  for (const t of catalog.allTopics()) {
    const name = prefixedTopic(prefix, t.name);
    if (!existing.has(name)) {
      wanted.push({
        topic: name,
        numPartitions: t.partitions,
        configEntries: t.compacted ? [{ name: 'cleanup.policy', value: 'compact' }, { name: 'min.cleanable.dirty.ratio', value: '0.1' }] : [],
      });
    }
    if (!existing.has(dlqTopicOf(name))) wanted.push({ topic: dlqTopicOf(name), numPartitions: 1 });
  }
  for (const name of extra) if (!existing.has(name)) wanted.push({ topic: name, numPartitions: 1 });
  if (wanted.length === 0) return;
  try {
    await admin.createTopics({ topics: wanted, waitForLeaders: true, timeout: 15000 });
  } catch (err) {
    // Another instance may have created them first; anything else is real.
    if (!/already exists/i.test(String((err as Error).message))) throw err;
  }
}

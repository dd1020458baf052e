import {
  Admin,
  ConfigResourceTypes,
  ITopicConfig,
  Kafka,
  KafkaConfig,
  logLevel,
  LogEntry,
  SASLOptions,
} from 'kafkajs';
import {
  deadLetterTopicConfig,
  dlqTopicOf,
  EventCatalog,
  prefixedTopic,
  TopicConfig,
  topicConfig,
} from '@qn/contracts';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Prefix for topics and consumer groups (TOPIC_PREFIX). */
  topicPrefix: string;
  /** SASL authentication (the service's principal); unset: none. */
  sasl?: {
    mechanism: 'scram-sha-512' | 'scram-sha-256' | 'plain';
    username: string;
    password: string;
  };
  /** TLS: true (system CAs) or the CA certificates (PEM). */
  ssl?: boolean | { ca: string[] };
}

type LogFn = (msg: string, extra?: Record<string, unknown>) => void;

/** A kafkajs client whose log lines go to the service logger. */
export function createKafka(
  settings: KafkaSettings,
  log?: { warn: LogFn; error: LogFn },
  overrides: Partial<KafkaConfig> = {},
): Kafka {
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: settings.brokers,
    // kafkajs types the mechanism as a union of objects; the fields are the same for each.
    ...(settings.sasl ? { sasl: settings.sasl as SASLOptions } : {}),
    ...(settings.ssl ? { ssl: settings.ssl } : {}),
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
    ...overrides,
  };
  return new Kafka(config);
}

/**
 * Creates the catalogue's topics (and their dead-letter topics) if missing, with the settings
 * the catalogue declares (`topicConfig`: compaction, retention), and brings existing ones back
 * to those settings, so an upgrade fixes topics an older version left with the broker's default
 * retention. Waits for leaders so producers never see "no leader".
 * `only` (prefixed names) limits it to the topics a service is allowed to create (its ACLs):
 * a principal sees and may create no others.
 */
export async function ensureTopics(
  admin: Admin,
  catalog: EventCatalog,
  prefix: string,
  extra: string[] = [],
  only?: readonly string[],
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const allowed = only ? new Set(only) : undefined;
  if (allowed) for (const t of [...existing]) if (!allowed.has(t)) existing.delete(t);
  const declared = new Map<string, { partitions: number; config: TopicConfig }>();
  for (const t of catalog.allTopics()) {
    const name = prefixedTopic(prefix, t.name);
    declared.set(name, { partitions: t.partitions, config: topicConfig(t) });
    declared.set(dlqTopicOf(name), { partitions: 1, config: deadLetterTopicConfig });
  }
  if (allowed)
    for (const name of [...declared.keys()]) if (!allowed.has(name)) declared.delete(name);
  const wanted: ITopicConfig[] = [];
  for (const [topic, d] of declared)
    if (!existing.has(topic))
      wanted.push({ topic, numPartitions: d.partitions, configEntries: entries(d.config) });
  for (const name of extra) if (!existing.has(name)) wanted.push({ topic: name, numPartitions: 1 });
  await alignTopicConfigs(
    admin,
    [...declared].filter(([name]) => existing.has(name)).map(([name, d]) => [name, d.config]),
  );
  if (wanted.length === 0) return;
  let createError: unknown;
  try {
    await admin.createTopics({ topics: wanted, waitForLeaders: true, timeout: 15000 });
  } catch (err) {
    // Several services start at once and create the same topics; whoever loses sees "already
    // exists" or a topic without a leader yet. What matters is the outcome, checked below.
    createError = err;
  }
  await waitForLeaders(
    admin,
    wanted.map((t) => t.topic),
    30000,
    createError,
  );
}

const entries = (config: TopicConfig) =>
  Object.entries(config).map(([name, value]) => ({ name, value }));

/**
 * Sets the declared settings on existing topics whose settings differ (read first, so a normal
 * start writes nothing). AlterConfigs replaces a topic's overrides as a whole, which is why the
 * declared set is complete. Needs the DescribeConfigs and AlterConfigs ACLs (`kafkaAccess`).
 */
export async function alignTopicConfigs(
  admin: Admin,
  topics: ReadonlyArray<readonly [string, TopicConfig]>,
): Promise<string[]> {
  if (topics.length === 0) return [];
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map(([name]) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const current = new Map(
    resources.map((r) => [
      r.resourceName,
      new Map(r.configEntries.map((e) => [e.configName, e.configValue])),
    ]),
  );
  const differing = topics.filter(([name, config]) =>
    Object.entries(config).some(([k, v]) => current.get(name)?.get(k) !== v),
  );
  if (differing.length === 0) return [];
  await admin.alterConfigs({
    validateOnly: false,
    resources: differing.map(([name, config]) => ({
      type: ConfigResourceTypes.TOPIC,
      name,
      configEntries: entries(config),
    })),
  });
  return differing.map(([name]) => name);
}

/** Waits until every topic exists and each partition has a leader; fails with a clear reason. */
async function waitForLeaders(
  admin: Admin,
  topics: string[],
  timeoutMs: number,
  cause?: unknown,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = cause;
  for (;;) {
    try {
      const { topics: md } = await admin.fetchTopicMetadata({ topics });
      if (
        md.length === topics.length &&
        md.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
      )
        return;
      last = new Error('some partitions have no leader yet');
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Kafka topics not ready after ${timeoutMs} ms (${topics.join(', ')}): ${(last as Error)?.message ?? last}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

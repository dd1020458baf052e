import { Counter, Gauge, Histogram, Registry, register as defaultRegistry } from 'prom-client';

/** Prometheus metrics of the messaging mechanisms; one set per registry. */
export class MessagingMetrics {
  readonly consumed: Counter<'group' | 'topic' | 'result'>;
  readonly handlerSeconds: Histogram<'group' | 'topic'>;
  readonly consumerLag: Gauge<'group' | 'topic' | 'partition'>;
  readonly consumerBlocked: Gauge<'group' | 'topic' | 'partition'>;
  readonly consumerTransientRetries: Counter<'group' | 'topic'>;
  readonly outboxPublished: Counter<'topic'>;
  readonly outboxPending: Gauge;
  readonly outboxOldestAgeSeconds: Gauge;
  readonly relayBatchSeconds: Histogram;

  private static readonly byRegistry = new WeakMap<Registry, MessagingMetrics>();

  static for(registry: Registry = defaultRegistry): MessagingMetrics {
    let m = MessagingMetrics.byRegistry.get(registry);
    if (!m) {
      m = new MessagingMetrics(registry);
      MessagingMetrics.byRegistry.set(registry, m);
    }
    return m;
  }

  private constructor(registry: Registry) {
    const registers = [registry];
    this.consumed = new Counter({
      name: 'qn_messaging_consumed_total',
      help: 'Events taken from Kafka by result (processed, duplicate, skipped, dead_lettered)',
      labelNames: ['group', 'topic', 'result'],
      registers,
    });
    this.handlerSeconds = new Histogram({
      name: 'qn_messaging_handler_duration_seconds',
      help: 'Time to apply one chunk of events in one transaction',
      labelNames: ['group', 'topic'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'qn_messaging_consumer_lag',
      help: 'Messages behind the partition high watermark, per consumer group',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    });
    this.consumerBlocked = new Gauge({
      name: 'qn_messaging_consumer_blocked',
      help: '1 while a partition waits for a transient fault (database, Redis, Kafka) to pass; its offsets do not move meanwhile',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    });
    this.consumerTransientRetries = new Counter({
      name: 'qn_messaging_consumer_transient_retries_total',
      help: 'Retries of a chunk (or a dead-letter publish) after a transient fault',
      labelNames: ['group', 'topic'],
      registers,
    });
    this.outboxPublished = new Counter({
      name: 'qn_messaging_outbox_published_total',
      help: 'Outbox events published to Kafka',
      labelNames: ['topic'],
      registers,
    });
    this.outboxPending = new Gauge({
      name: 'qn_messaging_outbox_pending',
      help: 'Outbox rows not yet published (sampled by the relay)',
      registers,
    });
    this.outboxOldestAgeSeconds = new Gauge({
      name: 'qn_messaging_outbox_oldest_age_seconds',
      help: 'Age of the oldest unpublished outbox row',
      registers,
    });
    this.relayBatchSeconds = new Histogram({
      name: 'qn_messaging_relay_batch_duration_seconds',
      help: 'Time to publish one relay batch',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
  }
}

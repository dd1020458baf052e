import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { Kafka, Partitioners, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { EventCatalog, OutsideSources, prefixedTopic, topicsOfService } from '@qn/contracts';
import { createKafka, ensureTopics, KafkaSettings } from './kafka';
import { OutboxWriter } from './outbox/outbox-writer';
import { OutboxRelay } from './outbox/outbox-relay';
import { EventConsumer, EventHandler } from './consumer/event-consumer';
import { MessagingMetrics } from './metrics';

export interface MessagingModuleOptions {
  kafka: KafkaSettings;
  catalog: EventCatalog;
  /** Schema whose outbox and processed_event tables this service owns. */
  schema: string;
  databaseUrl: string;
  /**
   * The platform service this is (its Kafka principal): at start it creates only the topics
   * its ACLs cover (libs/contracts `topicsOfService`). Unset: every topic of the catalogue.
   */
  service?: string;
  /** `source` names trusted per outside role, for the consumers' source check. */
  outsideSources?: OutsideSources;
  /** Run the outbox relay in this process (default true). */
  relay?: boolean;
  relayBatchSize?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface ConsumerRegistration {
  /** Group name without prefix, e.g. `kpi-aggregator.org-units`. */
  group: string;
  /** Base topic names from the catalogue, e.g. `registry.org-unit.v1`. */
  topics: string[];
  handler: EventHandler;
  fromBeginning?: boolean;
  maxAttempts?: number;
  retryBackoffMs?: number;
  /** Backoff through transient faults (EventConsumer's defaults: 200 ms doubling to 10 s). */
  transientBackoffMs?: number;
  transientBackoffMaxMs?: number;
}

/**
 * The messaging of one service: the Kafka client and idempotent producer, the outbox writer and
 * relay, and the idempotent consumers the service registers. Starts consumers after the app has
 * bootstrapped and stops everything in order on shutdown (consumers, relay, producer).
 */
@Injectable()
export class MessagingService
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('Messaging');
  readonly kafka: Kafka;
  /**
   * The readiness probe's client, without retries: a probe answers for now, and an admin still
   * reconnecting after its timeout would pile up behind every probe while the broker is away.
   */
  private readonly probeKafka: Kafka;
  readonly producer: Producer;
  readonly outbox: OutboxWriter;
  readonly relay?: OutboxRelay;
  readonly metrics = MessagingMetrics.for();
  private readonly consumers: EventConsumer[] = [];
  private readonly registrations: ConsumerRegistration[] = [];
  private started = false;
  private readonly log = {
    warn: (m: string) => this.logger.warn(m),
    error: (m: string) => this.logger.error(m),
    info: (m: string) => this.logger.log(m),
  };

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly dataSource: DataSource,
  ) {
    this.kafka = createKafka(options.kafka, this.log);
    this.probeKafka = createKafka(options.kafka, undefined, { retry: { retries: 0 } });
    this.producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 10, maxRetryTime: 5000 },
    });
    this.outbox = new OutboxWriter(options.catalog, options.schema, options.kafka.topicPrefix);
    if (options.relay !== false) {
      this.relay = new OutboxRelay({
        dataSource,
        producer: this.producer,
        schema: options.schema,
        databaseUrl: options.databaseUrl,
        batchSize: options.relayBatchSize,
        metrics: this.metrics,
        log: this.log,
      });
    }
  }

  topic(base: string): string {
    return prefixedTopic(this.options.kafka.topicPrefix, base);
  }

  /** The event catalogue (types, topics, schemas) this service's messaging uses. */
  get catalog(): EventCatalog {
    return this.options.catalog;
  }

  /**
   * Starts idempotent consumers (the messaging transport's consumer groups, `MessagingTransport`):
   * at once when the application has bootstrapped and the broker answers, else with the
   * background retry. Resolves when they joined their groups, or were left to the retry.
   */
  async runConsumers(regs: ConsumerRegistration[]): Promise<void> {
    this.registrations.push(...regs);
    // Before bootstrap, onApplicationBootstrap starts them; a pending retry picks them up.
    if (!this.started || this.retrying) return;
    try {
      await this.startConsumers();
    } catch (err) {
      this.logger.warn(`consumers could not join (${(err as Error).message}); retrying`);
      this.retryKafkaLater();
    }
  }

  /** Consumers finish their batch in hand and leave their groups (before the DB pool closes). */
  async stopConsumers(): Promise<void> {
    this.consumersStopped = true;
    // In parallel: each leaves its group once its fetch in hand returns.
    await Promise.all(
      this.consumers
        .splice(0)
        .map((c) =>
          c.stop().catch((e: Error) => this.logger.error(`stopping consumer: ${e.message}`)),
        ),
    );
  }

  /** Topics ensured and the producer connected. */
  private kafkaReady = false;
  private kafkaRetry?: NodeJS.Timeout;
  private stopping = false;
  private consumersStopped = false;
  /** The background retry is on: it starts every registered consumer once the broker answers. */
  private retrying = false;

  /**
   * Connects to Kafka before the app serves. When the broker does not answer, the service starts
   * anyway (a pod restarted during a broker outage must still accept work): writes wait in the
   * outbox, readiness says `degraded`, and the connection and the consumers are retried in the
   * background until the broker is back.
   */
  async onModuleInit(): Promise<void> {
    try {
      await this.connectKafka();
    } catch (err) {
      // Wrong credentials or missing ACLs are a configuration error, not an outage: no start.
      if (isKafkaRefusal(err)) throw err;
      this.logger.warn(
        `Kafka unavailable at start (${(err as Error).message}): starting without it; events wait in the outbox and consumers join when it answers`,
      );
    }
  }

  private async connectKafka(): Promise<void> {
    const { catalog, kafka, service } = this.options;
    const own = service ? topicsOfService(catalog, service, kafka.topicPrefix) : undefined;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, catalog, kafka.topicPrefix, [], own);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    // A service that touches no topic yet (a new one, before its first event) may write none,
    // and Kafka refuses an idempotent producer to a principal without Write anywhere.
    if (!own || own.length > 0) await this.producer.connect();
    this.kafkaReady = true;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    this.relay?.start();
    if (!this.kafkaReady) return this.retryKafkaLater();
    try {
      await this.startConsumers();
    } catch (err) {
      this.logger.warn(`consumers could not join (${(err as Error).message}); retrying`);
      this.retryKafkaLater();
    }
  }

  /** Starts the registered consumers not running yet, in registration order. */
  private async startConsumers(): Promise<void> {
    for (const reg of this.registrations.slice(this.consumers.length)) {
      if (this.stopping || this.consumersStopped) return;
      const consumer = new EventConsumer({
        kafka: this.kafka,
        producer: this.producer,
        dataSource: this.dataSource,
        catalog: this.options.catalog,
        outsideSources: this.options.outsideSources,
        groupId: prefixedTopic(this.options.kafka.topicPrefix, reg.group),
        topics: reg.topics.map((t) => this.topic(t)),
        handler: reg.handler,
        fromBeginning: reg.fromBeginning,
        maxAttempts: reg.maxAttempts,
        retryBackoffMs: reg.retryBackoffMs,
        transientBackoffMs: reg.transientBackoffMs,
        transientBackoffMaxMs: reg.transientBackoffMaxMs,
        metrics: this.metrics,
        log: this.log,
      });
      try {
        await consumer.start();
      } catch (err) {
        await consumer.stop().catch(() => undefined);
        throw err;
      }
      // Stopped while it was joining (a shutdown during the background retry): leave again.
      if (this.stopping || this.consumersStopped) return consumer.stop();
      this.consumers.push(consumer);
    }
  }

  /** Tries the broker again every few seconds until the producer and every consumer run. */
  private retryKafkaLater(delayMs = 5000): void {
    if (this.stopping) return;
    this.retrying = true;
    this.kafkaRetry = setTimeout(() => {
      void (async () => {
        try {
          if (!this.kafkaReady) await this.connectKafka();
          await this.startConsumers();
          this.retrying = false;
          this.logger.log('Kafka answers: producer connected and consumers joined');
        } catch {
          this.retryKafkaLater(Math.min(delayMs * 2, 30000));
        }
      })();
    }, delayMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.kafkaRetry);
    // Normally done already by the transport's close (NestApplication.dispose).
    await this.stopConsumers();
    await this.relay?.stop();
    await this.producer.disconnect().catch(() => undefined);
  }

  /** Readiness: the broker answers a metadata request. */
  async ping(timeoutMs = 3000): Promise<void> {
    const admin = this.probeKafka.admin();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Kafka did not answer in time')), timeoutMs);
    });
    try {
      await Promise.race([admin.connect().then(() => admin.describeCluster()), timeout]);
    } finally {
      clearTimeout(timer);
      await admin.disconnect().catch(() => undefined);
    }
  }
}

/**
 * A refusal no waiting fixes: the broker rejected the credentials (SASL) or the principal's
 * rights (ACLs), anywhere in the error's chain of causes.
 */
export function isKafkaRefusal(err: unknown): boolean {
  let e = err as { name?: string; type?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 8; depth++, e = e.cause as typeof e) {
    if (e.name === 'KafkaJSSASLAuthenticationError') return true;
    if (
      typeof e.type === 'string' &&
      /AUTHORIZATION_FAILED|SASL_AUTHENTICATION_FAILED/.test(e.type)
    )
      return true;
    // kafkajs wraps an error without keeping it as the cause, only its message.
    if (
      typeof e.message === 'string' &&
      /SASL .*authentication failed|authorization failed/i.test(e.message)
    )
      return true;
  }
  return false;
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, MessagingService],
      exports: [MessagingService],
    };
  }
}

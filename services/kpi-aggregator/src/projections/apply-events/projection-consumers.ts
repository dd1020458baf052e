import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Kafka } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { platformCatalog } from '@qn/contracts';
import { ConsumedEvent, EventConsumer, MessagingService, RejectedEventError } from '@qn/messaging';
import { SERVICE_CONFIG } from '@qn/service-kit';
import { KpiConfig } from '../../config';
import { FactError } from '../../indicators/domain/facts';
import { KPI_CATALOGUE, LoadedCatalogue } from '../../indicators/kpi-catalogue.provider';
import { retractingTypes } from '../domain/subjects';
import { applyEvents } from '../projection.repository';

/**
 * The projection's consumers: one consumer group per generation (`kpi-aggregator.projection.g<N>`),
 * with the library's EventConsumer (chunks, retries, DLQ; applyEvents makes redeliveries no-ops
 * with its checkpoint and subject rows, so no processed-event rows), and where each has read to.
 */
@Injectable()
export class ProjectionConsumers {
  private readonly logger = new Logger('Projection');
  private readonly consumers = new Map<number, EventConsumer>();
  /** Next offset to read per `topic:partition`, per generation, from the consumer's batches. */
  private readonly positions = new Map<number, Map<string, number>>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly messaging: MessagingService,
    @Inject(KPI_CATALOGUE) private readonly cat: LoadedCatalogue,
    @Inject(SERVICE_CONFIG) private readonly config: KpiConfig,
  ) {}

  /** Base topic names the projection reads: those of the catalogue's source events and their retractions. */
  topics(): string[] {
    const fed = this.cat.projection.eventTypes;
    const types = new Set<string>();
    for (const list of this.cat.projection.byEvent.values())
      for (const s of list) types.add(`${s.mapping.event}@${s.mapping.version}`);
    for (const r of retractingTypes(fed)) types.add(`${r.type}@${r.version}`);
    const topics = new Set<string>();
    for (const t of types) {
      const [type, version] = t.split('@');
      const def = platformCatalog.event(type, Number(version));
      if (def) topics.add(def.topic);
    }
    return [...topics].sort();
  }

  groupOf(g: number): string {
    return this.messaging.topic(`kpi-aggregator.projection.g${g}`);
  }

  /** The generations with a running consumer. */
  generations(): number[] {
    return [...this.consumers.keys()];
  }

  has(g: number): boolean {
    return this.consumers.has(g);
  }

  /** Where generation `g`'s consumer has read to, per `topic:partition` (next offset). */
  positionsOf(g: number): ReadonlyMap<string, number> {
    return this.positions.get(g) ?? new Map<string, number>();
  }

  async start(g: number): Promise<void> {
    const consumer = new EventConsumer({
      kafka: this.kafkaTracking(g),
      producer: this.messaging.producer,
      dataSource: this.ds,
      catalog: platformCatalog,
      groupId: this.groupOf(g),
      topics: this.topics().map((t) => this.messaging.topic(t)),
      fromBeginning: true,
      // applyEvents keeps its own proof of what it applied (checkpoint, subjects).
      deduplicate: false,
      chunkSize: this.config.KPI_CHUNK_SIZE,
      metrics: this.messaging.metrics,
      handler: (events, tx) => this.apply(tx, g, events),
      log: {
        info: (m) => this.logger.log(m),
        warn: (m) => this.logger.warn(m),
        error: (m) => this.logger.error(m),
      },
    });
    await consumer.start();
    this.consumers.set(g, consumer);
  }

  /**
   * The library's Kafka with a listener on the consumer's batches: where it has read to
   * (duplicates and dead-lettered messages included), which the rebuild's progress needs.
   */
  private kafkaTracking(g: number): Kafka {
    const positions = new Map<string, number>();
    this.positions.set(g, positions);
    const base = this.messaging.kafka;
    const kafka = Object.create(base) as Kafka;
    kafka.consumer = (cfg) => {
      const c = base.consumer(cfg);
      c.on(c.events.END_BATCH_PROCESS, ({ payload }) => {
        const k = `${payload.topic}:${payload.partition}`;
        positions.set(k, Math.max(positions.get(k) ?? 0, Number(payload.lastOffset) + 1));
      });
      return c;
    };
    return kafka;
  }

  private async apply(tx: EntityManager, g: number, events: ConsumedEvent[]): Promise<void> {
    try {
      await applyEvents(tx, g, this.cat.projection, events, 'topics');
    } catch (e) {
      // An impossible value can never be applied: straight to the DLQ with the reason.
      if (e instanceof FactError) throw new RejectedEventError(e.message);
      throw e;
    }
  }

  /** Stops generation `g`'s consumer (a retired generation). */
  async stop(g: number): Promise<void> {
    const c = this.consumers.get(g);
    this.consumers.delete(g);
    await c?.stop();
  }

  async stopAll(): Promise<void> {
    const stopping = [...this.consumers.values()];
    this.consumers.clear();
    await Promise.all(
      stopping.map((c) =>
        c.stop().catch((e: Error) => this.logger.error(`stopping projection: ${e.message}`)),
      ),
    );
  }
}

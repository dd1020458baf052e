import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Admin, Kafka } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { Conflict, dlqTopicOf, EventEnvelope, platformCatalog } from '@qn/contracts';
import { ConsumedEvent, EventConsumer, MessagingService, RejectedEventError } from '@qn/messaging';
import { PeriodicJob, SERVICE_CONFIG } from '@qn/service-kit';
import { KpiConfig } from '../../config';
import { KPI_CATALOGUE, LoadedCatalogue } from '../../indicators/kpi-catalogue.provider';
import { FactError } from '../../indicators/domain/facts';
import {
  applyEvents,
  createGenerationTables,
  dropGenerationTables,
  tablesOf,
} from '../projection.repository';
import { retractingTypes } from '../domain/subjects';

interface PartitionTarget {
  partition: number;
  low: string;
  high: string;
}
type Targets = Record<string, PartitionTarget[]>;

export interface GenerationStatus {
  generation: number;
  status: string;
  catalogueFingerprint: string;
  catalogueMatches: boolean;
  version: number;
  eventsApplied: number;
  lastEventAt: string | null;
  lastAppliedAt: string | null;
  parked: number;
  /** Events on the projection's topics not yet applied (Kafka high watermark − checkpoint). */
  lag: number | null;
  progress: { done: number; total: number; percent: number } | null;
}

/**
 * Runs the projection: one consumer group per generation (`kpi-aggregator.projection.g<N>`),
 * with the library's EventConsumer (chunks, retries, DLQ; applyEvents makes redeliveries
 * no-ops with its checkpoint and subject rows, so no processed-event rows); the events
 * held for unknown org units; and rebuilds into a shadow generation swapped in when caught up.
 * One instance per deployment (the rebuild monitor and the held-event loop are not shared).
 */
@Injectable()
export class ProjectionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projection');
  private readonly consumers = new Map<number, EventConsumer>();
  /** Next offset to read per `topic:partition`, per generation, from the consumer's batches. */
  private readonly positions = new Map<number, Map<string, number>>();
  private housekeeping?: PeriodicJob;
  private admin?: Admin;
  private replicaStamp = '';

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

  async onApplicationBootstrap(): Promise<void> {
    await this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kpi-aggregator.projection'))`);
      const [state] = await tx.query(`SELECT 1 FROM projection_state WHERE id = 1`);
      if (!state) {
        await createGenerationTables(tx, 1);
        await tx.query(
          `INSERT INTO projection_generation (generation, status, catalogue_fingerprint, activated_at) VALUES (1, 'active', $1, now())`,
          [this.cat.projection.fingerprint],
        );
        await tx.query(`INSERT INTO projection_state (id, active_generation) VALUES (1, 1)`);
      }
    });
    const s = await this.state();
    await this.startConsumer(s.active);
    if (s.building !== null) await this.startConsumer(s.building);
    this.housekeeping = new PeriodicJob(
      this.config.KPI_PARK_CHECK_MS,
      async () => {
        await this.checkParked();
        await this.checkRebuild();
      },
      (e) => this.logger.warn(`projection housekeeping: ${e.message}`),
      'projection housekeeping',
    );
    this.housekeeping.start();
    // Groups of generations retired before: a swap whose deletion failed, or one made by an
    // older version, which kept them. In the background: Kafka may not answer yet.
    void this.deleteRetiredGroups();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.housekeeping?.stop();
    const stopping = [...this.consumers.values()];
    this.consumers.clear();
    await Promise.all(
      stopping.map((c) =>
        c.stop().catch((e: Error) => this.logger.error(`stopping projection: ${e.message}`)),
      ),
    );
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async startConsumer(g: number): Promise<void> {
    // The library's consumer with a listener on its batches: where it has read to (duplicates
    // and dead-lettered messages included), which the rebuild's progress needs.
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
    const consumer = new EventConsumer({
      kafka,
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

  private async apply(tx: EntityManager, g: number, events: ConsumedEvent[]): Promise<void> {
    try {
      await applyEvents(tx, g, this.cat.projection, events, 'topics');
    } catch (e) {
      // An impossible value can never be applied: straight to the DLQ with the reason.
      if (e instanceof FactError) throw new RejectedEventError(e.message);
      throw e;
    }
  }

  async state(
    tx: EntityManager = this.ds.manager,
  ): Promise<{ active: number; building: number | null }> {
    const [row] = await tx.query(
      `SELECT active_generation AS active, building_generation AS building FROM projection_state WHERE id = 1`,
    );
    if (!row) throw new Error('projection not initialised');
    return row;
  }

  // -------------------------------------------------------------------------------------------
  // Events held for unknown org units

  /** Retries held events when the org replica changed; sends expired ones to the DLQ. */
  async checkParked(): Promise<void> {
    const [stampRow] = await this.ds.query(
      `SELECT coalesce(max(updated_at)::text, '') || '/' || count(*) AS stamp FROM org_unit_replica`,
    );
    const changed = stampRow.stamp !== this.replicaStamp;
    this.replicaStamp = stampRow.stamp;
    for (const g of this.consumers.keys()) {
      if (changed) await this.retryParked(g);
      await this.expireParked(g);
    }
  }

  private async retryParked(g: number): Promise<void> {
    await this.ds.transaction(async (tx) => {
      const rows: Array<{
        event: EventEnvelope;
        topic: string;
        partition: number;
        offset: string;
      }> = await tx.query(
        `SELECT event, topic, partition, "offset"::text AS offset FROM parked_event
            WHERE generation = $1 ORDER BY parked_at, event_id LIMIT 5000 FOR UPDATE SKIP LOCKED`,
        [g],
      );
      if (rows.length === 0) return;
      const result = await applyEvents(tx, g, this.cat.projection, rows, 'parked');
      const still = new Set(result.parked.map((p) => p.eventId));
      const resolved = rows.map((r) => r.event.id).filter((id) => !still.has(id));
      if (resolved.length)
        await tx.query(
          `DELETE FROM parked_event WHERE generation = $1 AND event_id = ANY($2::uuid[])`,
          [g, resolved],
        );
    });
  }

  private async expireParked(g: number): Promise<void> {
    const rows: Array<{
      event_id: string;
      event: EventEnvelope;
      topic: string;
      partition: number;
      offset: string;
      missing: string[];
      attempts: number;
      parked_at: Date;
    }> = await this.ds.query(
      `SELECT event_id, event, topic, partition, "offset"::text AS offset, missing, attempts, parked_at FROM parked_event
        WHERE generation = $1 AND (parked_at < now() - $2 * interval '1 millisecond' OR attempts >= $3) LIMIT 500`,
      [g, this.config.KPI_PARK_MAX_AGE_MS, this.config.KPI_PARK_MAX_ATTEMPTS],
    );
    for (const r of rows) {
      const reason = `unknown org unit(s) ${r.missing.join(', ')}: not in the registry replica after ${r.attempts} attempt(s), held since ${r.parked_at.toISOString()}`;
      this.logger.warn(`event ${r.event_id} dead-lettered: ${reason}`);
      // The same rule as every consumer's dead letters: no child's personal data in a copy.
      const copy = platformCatalog.deadLetterCopy(Buffer.from(JSON.stringify(r.event)));
      await this.messaging.producer.send({
        topic: dlqTopicOf(r.topic),
        acks: -1,
        messages: [
          {
            key: r.event.subjectId,
            value: copy.value,
            headers: {
              'x-dlq-redacted': copy.redacted,
              'x-dlq-reason': `rejected: ${reason}`,
              'x-dlq-reason-kind': 'rejected',
              'x-original-topic': r.topic,
              'x-original-partition': String(r.partition),
              'x-original-offset': r.offset,
              'x-consumer-group': this.groupOf(g),
              'x-failed-at': new Date().toISOString(),
            },
          },
        ],
      });
      await this.ds.query(`DELETE FROM parked_event WHERE generation = $1 AND event_id = $2`, [
        g,
        r.event_id,
      ]);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Rebuild into a shadow generation

  private async kafkaAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.messaging.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  /**
   * Starts a rebuild: a new generation fed from the beginning of the topics. Refused when a
   * source partition no longer starts at offset 0 (retention or deleted records removed its
   * first facts): the rebuilt figures would silently lack them, so the live generation stays.
   */
  async startRebuild(): Promise<GenerationStatus> {
    const admin = await this.kafkaAdmin();
    const targets: Targets = {};
    for (const topic of this.topics()) {
      const offsets = await admin.fetchTopicOffsets(this.messaging.topic(topic));
      targets[this.messaging.topic(topic)] = offsets.map((o) => ({
        partition: o.partition,
        low: o.low,
        high: o.high,
      }));
    }
    const truncated = Object.entries(targets).flatMap(([topic, list]) =>
      list.filter((p) => p.low !== '0').map((p) => `${topic}[${p.partition}] starts at ${p.low}`),
    );
    if (truncated.length)
      throw new Conflict(
        'rebuild-history-incomplete',
        'The source topics no longer hold every fact',
        `a rebuild replays its topics from offset 0, but ${truncated.join(', ')}: the facts before are gone (topic retention or deleted records), so a rebuild would miss them. The projection in use is kept. Restore the topics' full history (their retention must be forever) before rebuilding.`,
        { truncated },
      );
    const g = await this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kpi-aggregator.projection'))`);
      const s = await this.state(tx);
      if (s.building !== null)
        throw new Conflict(
          'rebuild-in-progress',
          'A rebuild is already running',
          `generation ${s.building} is being built; see GET /projections`,
          { generation: s.building },
        );
      const [{ next }] = await tx.query(
        `SELECT coalesce(max(generation), 0) + 1 AS next FROM projection_generation`,
      );
      await createGenerationTables(tx, next);
      await tx.query(
        `INSERT INTO projection_generation (generation, status, catalogue_fingerprint, targets) VALUES ($1, 'building', $2, $3)`,
        [next, this.cat.projection.fingerprint, JSON.stringify(targets)],
      );
      await tx.query(
        `UPDATE projection_state SET building_generation = $1, updated_at = now() WHERE id = 1`,
        [next],
      );
      return next as number;
    });
    this.logger.log(`rebuild of the projection started: generation ${g}`);
    await this.startConsumer(g);
    return (await this.status()).find((x) => x.generation === g)!;
  }

  /** Progress of the building generation; swaps it in once it has read up to its targets. */
  async checkRebuild(): Promise<void> {
    const s = await this.state();
    if (s.building === null || !this.consumers.has(s.building)) return;
    const g = s.building;
    const progress = await this.progressOf(g);
    await this.ds.query(`UPDATE projection_generation SET progress = $2 WHERE generation = $1`, [
      g,
      JSON.stringify(progress),
    ]);
    if (progress.done < progress.total) return;
    await this.swap(g);
  }

  private async progressOf(g: number): Promise<{ done: number; total: number; percent: number }> {
    const [row] = await this.ds.query(
      `SELECT targets FROM projection_generation WHERE generation = $1`,
      [g],
    );
    const targets: Targets = row?.targets ?? {};
    const positions = this.positions.get(g) ?? new Map<string, number>();
    let done = 0;
    let total = 0;
    for (const [topic, list] of Object.entries(targets)) {
      for (const target of list) {
        const low = Number(target.low);
        const high = Number(target.high);
        const at = positions.get(`${topic}:${target.partition}`) ?? low;
        total += high - low;
        done += Math.min(high, Math.max(at, low)) - low;
      }
    }
    return { done, total, percent: total === 0 ? 100 : Math.floor((done / total) * 1000) / 10 };
  }

  private async swap(g: number): Promise<void> {
    const old = await this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kpi-aggregator.projection'))`);
      const s = await this.state(tx);
      if (s.building !== g) return null;
      await tx.query(
        `UPDATE projection_state SET active_generation = $1, building_generation = NULL, updated_at = now() WHERE id = 1`,
        [g],
      );
      await tx.query(
        `UPDATE projection_generation SET status = CASE WHEN generation = $1 THEN 'active' ELSE 'retired' END,
           activated_at = CASE WHEN generation = $1 THEN now() ELSE activated_at END
         WHERE generation IN ($1, $2)`,
        [g, s.active],
      );
      return s.active;
    });
    if (old === null) return;
    this.logger.log(`projection generation ${g} swapped in (replaces ${old})`);
    const c = this.consumers.get(old);
    this.consumers.delete(old);
    await c?.stop();
    // Left registered, the old group would show an ever-growing lag on the broker's dashboards.
    await this.deleteGroup(old).catch((e: Error) =>
      this.logger.warn(`consumer group ${this.groupOf(old)} not deleted: ${e.message}`),
    );
    await this.ds.transaction(async (tx) => {
      await dropGenerationTables(tx, old);
      await tx.query(`DELETE FROM processed_event WHERE consumer_group = $1`, [this.groupOf(old)]);
      await tx.query(`DELETE FROM projection_checkpoint WHERE generation = $1`, [old]);
      await tx.query(`DELETE FROM parked_event WHERE generation = $1`, [old]);
    });
  }

  private async deleteRetiredGroups(): Promise<void> {
    const rows: Array<{ generation: number }> = await this.ds
      .query(`SELECT generation FROM projection_generation WHERE status = 'retired'`)
      .catch(() => []);
    for (const { generation } of rows)
      await this.deleteGroup(generation).catch((e: Error) =>
        this.logger.warn(`consumer group ${this.groupOf(generation)} not deleted: ${e.message}`),
      );
  }

  /** Deletes a retired generation's consumer group, once its members have left it. */
  private async deleteGroup(g: number): Promise<void> {
    const admin = await this.kafkaAdmin();
    const group = this.groupOf(g);
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.deleteGroups([group]);
        return;
      } catch (e) {
        const codes = (e as { groups?: Array<{ error?: { type?: string } }> }).groups?.map(
          (x) => x.error?.type,
        );
        if (codes?.every((t) => t === 'GROUP_ID_NOT_FOUND')) return;
        // The stopped consumer's leave may not have reached the coordinator yet.
        if (attempt >= 10) throw e;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Every live generation (the active one, and one being built) with its figures. */
  async status(): Promise<GenerationStatus[]> {
    const rows: Array<{
      generation: number;
      status: string;
      catalogue_fingerprint: string;
      version: string;
      events_applied: string;
      last_event_at: Date | null;
      last_applied_at: Date | null;
      progress: GenerationStatus['progress'];
      parked: number;
    }> = await this.ds.query(
      `SELECT g.*, (SELECT count(*)::int FROM parked_event p WHERE p.generation = g.generation) AS parked
         FROM projection_generation g WHERE g.status IN ('active', 'building') ORDER BY g.generation`,
    );
    const out: GenerationStatus[] = [];
    for (const r of rows) {
      out.push({
        generation: r.generation,
        status: r.status,
        catalogueFingerprint: r.catalogue_fingerprint,
        catalogueMatches: r.catalogue_fingerprint === this.cat.projection.fingerprint,
        version: Number(r.version),
        eventsApplied: Number(r.events_applied),
        lastEventAt: r.last_event_at?.toISOString() ?? null,
        lastAppliedAt: r.last_applied_at?.toISOString() ?? null,
        parked: r.parked,
        lag: await this.lagOf(r.generation).catch(() => null),
        progress:
          r.status === 'building'
            ? await this.progressOf(r.generation).catch(() => r.progress)
            : null,
      });
    }
    return out;
  }

  private async lagOf(g: number): Promise<number> {
    const admin = await this.kafkaAdmin();
    const cps: Array<{ topic: string; partition: number; offset: string }> = await this.ds.query(
      `SELECT topic, partition, "offset"::text AS offset FROM projection_checkpoint WHERE generation = $1`,
      [g],
    );
    let lag = 0;
    for (const topic of this.topics().map((t) => this.messaging.topic(t))) {
      for (const o of await admin.fetchTopicOffsets(topic)) {
        const cp = cps.find((c) => c.topic === topic && c.partition === o.partition);
        const read = this.positions.get(g)?.get(`${topic}:${o.partition}`) ?? 0;
        const next = Math.max(cp ? Number(cp.offset) + 1 : Number(o.low), read);
        lag += Math.max(0, Number(o.high) - next);
      }
    }
    return lag;
  }

  /** Table names of a generation, for the query side. */
  tables(g: number) {
    return tablesOf(g);
  }
}

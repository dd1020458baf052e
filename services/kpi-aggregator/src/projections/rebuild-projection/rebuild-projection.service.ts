import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Admin } from 'kafkajs';
import { DataSource } from 'typeorm';
import { Conflict } from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { KPI_CATALOGUE, LoadedCatalogue } from '../../indicators/kpi-catalogue.provider';
import { ProjectionConsumers } from '../apply-events/projection-consumers';
import {
  createGenerationTables,
  dropGenerationTables,
  projectionState,
} from '../projection.repository';

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

interface GenerationRow {
  generation: number;
  status: string;
  catalogue_fingerprint: string;
  version: string;
  events_applied: string;
  last_event_at: Date | null;
  last_applied_at: Date | null;
  progress: GenerationStatus['progress'];
  parked: number;
}

/**
 * Rebuilds into a shadow generation fed from the beginning of the topics, swapped in when caught
 * up; and the generations' status (version, lag, held events, progress).
 */
@Injectable()
export class RebuildProjectionService {
  private readonly logger = new Logger('Projection');
  private admin?: Admin;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly messaging: MessagingService,
    private readonly consumers: ProjectionConsumers,
    @Inject(KPI_CATALOGUE) private readonly cat: LoadedCatalogue,
  ) {}

  private async kafkaAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.messaging.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  /** Disconnects the Kafka admin client, if one was opened (at shutdown). */
  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  /**
   * Starts a rebuild: a new generation fed from the beginning of the topics. Refused when a
   * source partition no longer starts at offset 0 (retention or deleted records removed its
   * first facts): the rebuilt figures would silently lack them, so the live generation stays.
   */
  async startRebuild(): Promise<GenerationStatus> {
    const targets = await this.targets();
    const g = await this.createGeneration(targets);
    this.logger.log(`rebuild of the projection started: generation ${g}`);
    await this.consumers.start(g);
    return (await this.status()).find((x) => x.generation === g)!;
  }

  /** The topics' offsets now: what the new generation must read up to. */
  private async targets(): Promise<Targets> {
    const admin = await this.kafkaAdmin();
    const targets: Targets = {};
    for (const topic of this.consumers.topics()) {
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
    return targets;
  }

  /** The building generation's tables and rows; one rebuild at a time. */
  private async createGeneration(targets: Targets): Promise<number> {
    return this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kpi-aggregator.projection'))`);
      const s = await projectionState(tx);
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
  }

  /** Progress of the building generation; swaps it in once it has read up to its targets. */
  async checkRebuild(): Promise<void> {
    const s = await projectionState(this.ds.manager);
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
    const positions = this.consumers.positionsOf(g);
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
    const old = await this.activate(g);
    if (old === null) return;
    this.logger.log(`projection generation ${g} swapped in (replaces ${old})`);
    await this.consumers.stop(old);
    // Left registered, the old group would show an ever-growing lag on the broker's dashboards.
    await this.deleteGroup(old).catch((e: Error) =>
      this.logger.warn(`consumer group ${this.consumers.groupOf(old)} not deleted: ${e.message}`),
    );
    await this.ds.transaction(async (tx) => {
      await dropGenerationTables(tx, old);
      await tx.query(`DELETE FROM processed_event WHERE consumer_group = $1`, [
        this.consumers.groupOf(old),
      ]);
      await tx.query(`DELETE FROM projection_checkpoint WHERE generation = $1`, [old]);
      await tx.query(`DELETE FROM parked_event WHERE generation = $1`, [old]);
    });
  }

  /** Makes `g` the active generation (one row update); the generation it retires, or null. */
  private async activate(g: number): Promise<number | null> {
    return this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kpi-aggregator.projection'))`);
      const s = await projectionState(tx);
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
  }

  /** Consumer groups of generations retired before (a failed deletion, an older version's swap). */
  async deleteRetiredGroups(): Promise<void> {
    const rows: Array<{ generation: number }> = await this.ds
      .query(`SELECT generation FROM projection_generation WHERE status = 'retired'`)
      .catch(() => []);
    for (const { generation } of rows)
      await this.deleteGroup(generation).catch((e: Error) =>
        this.logger.warn(
          `consumer group ${this.consumers.groupOf(generation)} not deleted: ${e.message}`,
        ),
      );
  }

  /** Deletes a retired generation's consumer group, once its members have left it. */
  private async deleteGroup(g: number): Promise<void> {
    const admin = await this.kafkaAdmin();
    const group = this.consumers.groupOf(g);
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
    const rows: GenerationRow[] = await this.ds.query(
      `SELECT g.*, (SELECT count(*)::int FROM parked_event p WHERE p.generation = g.generation) AS parked
         FROM projection_generation g WHERE g.status IN ('active', 'building') ORDER BY g.generation`,
    );
    const out: GenerationStatus[] = [];
    for (const r of rows) out.push(await this.statusOf(r));
    return out;
  }

  private async statusOf(r: GenerationRow): Promise<GenerationStatus> {
    return {
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
    };
  }

  private async lagOf(g: number): Promise<number> {
    const admin = await this.kafkaAdmin();
    const cps: Array<{ topic: string; partition: number; offset: string }> = await this.ds.query(
      `SELECT topic, partition, "offset"::text AS offset FROM projection_checkpoint WHERE generation = $1`,
      [g],
    );
    let lag = 0;
    for (const topic of this.consumers.topics().map((t) => this.messaging.topic(t))) {
      for (const o of await admin.fetchTopicOffsets(topic)) {
        const cp = cps.find((c) => c.topic === topic && c.partition === o.partition);
        const read = this.consumers.positionsOf(g).get(`${topic}:${o.partition}`) ?? 0;
        const next = Math.max(cp ? Number(cp.offset) + 1 : Number(o.low), read);
        lag += Math.max(0, Number(o.high) - next);
      }
    }
    return lag;
  }
}

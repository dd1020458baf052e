import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { InvalidInput, NotFound, provinceDate, Unavailable } from '@qn/contracts';
import { countRedisFallback, REDIS, redisKey, SERVICE_CONFIG } from '@qn/service-kit';
import {
  assessAcrossSegments,
  assessIndicator,
  Cell,
  DataValue,
  IndicatorDefinition,
  lastDay,
  OrgUnit,
  parsePeriod,
  parsePeriodOfType,
  Period,
  PeriodError,
  rollUp,
  RollupResult,
  STATUS_LABELS,
  StatusValue,
} from '../../indicators/domain';
import { KpiConfig } from '../../config';
import { KPI_CATALOGUE, LoadedCatalogue } from '../../indicators/kpi-catalogue.provider';
import { DATED } from '../../indicators/domain/facts';
import { MOVED_CHANNEL } from '../../projections/projection.repository';
import { ProjectionService } from '../../projections/apply-events/projection.service';
import { periodsBetween } from '../domain/series';
import { OrgUnitNotFound, OrgUnitNotInPeriod } from '../../shared/org-unit-errors';

export interface CellView {
  numerator: number;
  denominator: number;
  /** In the indicator's unit (percent × 100), not capped; null when the denominator is 0. */
  value: number | null;
  contributors: number;
  /** What the value is held to (for all areas of a per-area target: see `judged`). */
  target: number | null;
  /** What it is compared with now (the target, or the line to it), null when nothing is. */
  expected: number | null;
  /** The day the target is due; after it, the status is final. */
  deadline: string | null;
  final: boolean;
  /** The catalogue's latest baseline before the period (value, the day it describes). */
  baseline: { value: number; on: string } | null;
  status: StatusValue;
  statusLabel: { vi: string; en: string };
  /**
   * Set on the all-areas cell of an indicator with targets per area only: the value judged
   * (the share over the areas with a target) and those areas; the target is theirs, weighted.
   */
  judged?: { value: number | null; segments: string[] };
}

export interface NodeView {
  orgUnitId: string;
  code: string | null;
  name: string | null;
  kind: string | null;
  total: CellView;
  bySegment: Record<string, CellView>;
}

export interface DrillDownView {
  indicator: { code: string; nameVi: string; nameEn: string; unit: string; periodType: string };
  period: { code: string; start: string; lastDay: string };
  asOf: string;
  projection: { generation: number; version: number };
  orgUnit: NodeView;
  children: NodeView[];
}

/**
 * A cached answer: its JSON as UTF-8 bytes, ready to send (encoding a large answer again on
 * every request was a tenth of its CPU), and an ETag naming the projection state it came from.
 */
export interface CachedAnswer {
  body: Buffer;
  etag: string;
}

/** The answer's JSON, parsed (for callers inside the service, such as report exports). */
export const parseAnswer = <T>(answer: CachedAnswer): T =>
  JSON.parse(answer.body.toString('utf8')) as T;

export interface SeriesView {
  indicator: DrillDownView['indicator'];
  orgUnitId: string;
  asOf: string;
  projection: { generation: number; version: number };
  /**
   * Where the province stood before the platform counted (the catalogue's baselines from the
   * province's reports, e.g. the 2024 cashless shares), up to the series' last period: the
   * first points of the trend, drawn as reported figures rather than counted ones. Only in the
   * province's own series (they describe the province, not a commune).
   */
  baselines: Array<{
    period: string;
    lastDay: string;
    segment: string | null;
    value: number;
    sourceDoc: string | null;
  }>;
  points: Array<
    { period: string; start: string; lastDay: string } & Omit<
      NodeView,
      'orgUnitId' | 'code' | 'name' | 'kind'
    >
  >;
}

const bad = (field: string, message: string) => InvalidInput.of(field, message);

export interface UnitRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  versions: Array<{ validFrom: string; validTo: string | null; parentId: string | null }>;
}

/**
 * Indicator queries: roll-ups by the pure core (`rollUp`, ratio of sums over the dated tree)
 * on the active projection generation, target vs actual by `assessIndicator`. Answers are
 * cached in Redis under a key holding the projection's generation and version and the org
 * replica's stamp, so any applied chunk, swap or tree change makes a new key (old ones expire).
 */
@Injectable()
export class IndicatorQueryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IndicatorQuery');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly projections: ProjectionService,
    @Inject(KPI_CATALOGUE) private readonly cat: LoadedCatalogue,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: KpiConfig,
  ) {}

  indicator(code: string): IndicatorDefinition {
    const ind = this.cat.catalogue.indicators.find((i) => i.code === code);
    if (!ind)
      throw new NotFound(
        'indicator-not-found',
        'No such indicator',
        `no indicator with code '${code}' in the catalogue (GET /indicators lists them)`,
      );
    return ind;
  }

  period(ind: IndicatorDefinition, code: string | undefined, field = 'period'): Period {
    if (!code) throw bad(field, 'is required');
    try {
      return parsePeriodOfType(ind.periodType, code);
    } catch (e) {
      if (e instanceof PeriodError) throw bad(field, e.message);
      throw e;
    }
  }

  /** The last stamp read, valid until the next NOTIFY on MOVED_CHANNEL (null = reload). */
  private current: { generation: number; version: number; key: string } | null = null;
  /** Bumped by every notification: a stamp read across one is not kept. */
  private epoch = 0;
  private listener?: Client;
  private listening = false;

  async onApplicationBootstrap(): Promise<void> {
    await this.listen().catch((e: Error) =>
      this.logger.warn(`no change notifications (${e.message}): reading the stamp per request`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.listening = false;
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    const lost = () => {
      if (!this.listening) return;
      this.listening = false;
      this.current = null;
      this.logger.warn('change notifications lost: reading the stamp per request, reconnecting');
      setTimeout(() => void this.listen().catch(() => undefined), 1000);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => {
      this.epoch++;
      this.current = null;
    });
    await client.connect();
    await client.query(`LISTEN ${MOVED_CHANNEL}`);
    this.listener = client;
    this.epoch++;
    this.current = null;
    this.listening = true;
  }

  /** The active generation and version (and the cache key naming them with the org replica). */
  async stamp(): Promise<{ generation: number; version: number; key: string }> {
    if (this.listening && this.current) return this.current;
    const epoch = this.epoch;
    const [row] = await this.ds.query(
      `SELECT g.generation, g.version::text AS version,
              (SELECT coalesce(max(updated_at)::text, '') || '/' || count(*) FROM org_unit_replica) AS replica
         FROM projection_state s JOIN projection_generation g ON g.generation = s.active_generation WHERE s.id = 1`,
    );
    if (!row)
      throw new Unavailable(
        'not-ready',
        'Projection not ready',
        'the projection has not started yet',
      );
    const stamp = {
      generation: row.generation,
      version: Number(row.version),
      key: `${row.generation}:${row.version}:${row.replica}`,
    };
    if (this.listening && epoch === this.epoch) this.current = stamp;
    return stamp;
  }

  /** Small in-process cache in front of Redis (same keys: a moved projection is a new key). */
  private readonly local = new Map<string, CachedAnswer>();
  private static readonly LOCAL_MAX = 500;

  /**
   * The answer for a key as serialized JSON: from this process's memory, else Redis, else
   * computed (then written to both). Bytes, so a hit costs no parse, serialization nor encoding.
   */
  private async cached(key: string, compute: () => Promise<unknown>): Promise<CachedAnswer> {
    // Namespaced like the deployment's topics, so deployments sharing a Redis never meet.
    const full = redisKey({ ...this.config, service: 'kpi-aggregator' }, 'cache', key);
    const mem = this.local.get(full);
    if (mem !== undefined) return mem;
    const etag = `W/"${createHash('sha1').update(full).digest('base64url')}"`;
    let hit: string | null = null;
    try {
      hit = await this.redis.get(full);
    } catch (e) {
      // A miss: the answer is computed from PostgreSQL (REDIS_COMMAND_TIMEOUT_MS bounds the wait).
      countRedisFallback('kpi-cache-read');
      this.logger.warn(`cache read: ${(e as Error).message}`);
    }
    const json = hit ?? JSON.stringify(await compute());
    if (!hit)
      this.redis.set(full, json, 'EX', this.config.KPI_CACHE_TTL_SECONDS).catch((e: Error) => {
        countRedisFallback('kpi-cache-write');
        this.logger.warn(`cache write: ${e.message}`);
      });
    const answer: CachedAnswer = { body: Buffer.from(json, 'utf8'), etag };
    if (this.local.size >= IndicatorQueryService.LOCAL_MAX) this.local.clear();
    this.local.set(full, answer);
    return answer;
  }

  /** The org replica's units with their dated versions (for roll-ups and subtrees). */
  async units(): Promise<UnitRow[]> {
    return this.ds.query(`SELECT id, code, name, kind, versions FROM org_unit_replica`);
  }

  /** Data values of the indicator's elements in a period: stored ones plus dated facts in force on its last day. */
  async values(g: number, ind: IndicatorDefinition, period: Period): Promise<DataValue[]> {
    const t = this.projections.tables(g);
    const rows: Array<{ element: string; org_unit_id: string; segment: string; value: string }> =
      await this.ds.query(
        `SELECT element, org_unit_id, segment, value::text AS value FROM ${t.value} WHERE period = $1 AND element = ANY($2)
         UNION ALL
         SELECT element, org_unit_id, segment,
                (count(DISTINCT source || ':' || distinct_value) FILTER (WHERE distinct_value IS NOT NULL)
                  + coalesce(sum(value) FILTER (WHERE distinct_value IS NULL), 0))::text
           FROM ${t.fact}
          WHERE period = '${DATED}' AND element = ANY($2) AND valid_from <= $3::date AND (valid_to IS NULL OR valid_to > $3::date)
            AND (dated_scope = 'any' OR $4 = 'as-of')
          GROUP BY element, org_unit_id, segment`,
        [period.code, ind.elements, lastDay(period), period.type],
      );
    const merged = new Map<string, DataValue>();
    for (const r of rows) {
      const k = `${r.element}|${r.org_unit_id}|${r.segment}`;
      const v = /^-?\d+$/.test(r.value) ? BigInt(r.value) : Number(r.value);
      const prev = merged.get(k);
      if (prev)
        prev.value =
          typeof prev.value === 'bigint' && typeof v === 'bigint'
            ? prev.value + v
            : Number(prev.value) + Number(v);
      else
        merged.set(k, {
          dataElement: r.element,
          orgUnitId: r.org_unit_id,
          period: period.code,
          segment: r.segment,
          value: v,
        });
    }
    return [...merged.values()];
  }

  private async rollup(
    g: number,
    ind: IndicatorDefinition,
    period: Period,
    units: UnitRow[],
  ): Promise<RollupResult> {
    const values = await this.values(g, ind, period);
    const tree: OrgUnit[] = units.map((u) => ({ id: u.id, versions: u.versions }));
    return rollUp(
      ind,
      tree,
      values,
      { code: period.code, start: period.start, end: period.end },
      {
        segments: ind.segments,
      },
    );
  }

  private cell(
    ind: IndicatorDefinition,
    period: Period,
    segment: string | null,
    c: Cell,
    asOf: string,
    bySegment?: ReadonlyMap<string, Cell>,
  ): CellView {
    const value = c.value === null ? null : c.value.toNumber();
    const across =
      segment === null && bySegment
        ? assessAcrossSegments({
            indicator: ind,
            period,
            asOf,
            cells: [...bySegment].map(([s, sc]) => ({
              segment: s,
              numerator: sc.numerator.toNumber(),
              denominator: sc.denominator.toNumber(),
            })),
          })
        : null;
    const a = across ?? assessIndicator({ indicator: ind, period, segment, actual: value, asOf });
    return {
      numerator: c.numerator.toNumber(),
      denominator: c.denominator.toNumber(),
      value,
      contributors: c.contributors,
      target: a.target,
      expected: a.expected,
      deadline: a.deadline,
      final: a.final,
      baseline: a.baseline,
      status: a.status,
      statusLabel: STATUS_LABELS[a.status],
      ...(across ? { judged: { value: across.judgedValue, segments: across.segments } } : {}),
    };
  }

  private node(
    ind: IndicatorDefinition,
    period: Period,
    result: RollupResult,
    id: string,
    unit: UnitRow | undefined,
    asOf: string,
  ): NodeView {
    const n = result.nodes.get(id)!;
    return {
      orgUnitId: id,
      code: unit?.code ?? null,
      name: unit?.name ?? null,
      kind: unit?.kind ?? null,
      total: this.cell(ind, period, null, n.total, asOf, n.bySegment),
      bySegment: Object.fromEntries(
        [...n.bySegment].map(([s, c]) => [s, this.cell(ind, period, s, c, asOf)]),
      ),
    };
  }

  private describe(ind: IndicatorDefinition): DrillDownView['indicator'] {
    return {
      code: ind.code,
      nameVi: ind.nameVi,
      nameEn: ind.nameEn,
      unit: ind.unit,
      periodType: ind.periodType,
    };
  }

  private async knownUnit(id: string): Promise<void> {
    const [row] = await this.ds.query(`SELECT 1 FROM org_unit_replica WHERE id = $1`, [id]);
    if (!row) throw OrgUnitNotFound.notReached(id);
  }

  /** An indicator for an org unit and period, with its children (drill-down) and status. */
  async drillDown(
    code: string,
    orgUnitId: string,
    periodCode: string | undefined,
  ): Promise<CachedAnswer> {
    const ind = this.indicator(code);
    const period = this.period(ind, periodCode);
    const asOf = provinceDate();
    const s = await this.stamp();
    return this.cached(`${s.key}:${asOf}:d:${ind.code}:${orgUnitId}:${period.code}`, async () => {
      await this.knownUnit(orgUnitId);
      const units = await this.units();
      const byId = new Map(units.map((u) => [u.id, u]));
      const result = await this.rollup(s.generation, ind, period, units);
      if (!result.nodes.has(orgUnitId)) throw new OrgUnitNotInPeriod(orgUnitId, period.code);
      const children = [...result.nodes.values()]
        .filter((n) => n.parentId === orgUnitId)
        .map((n) => this.node(ind, period, result, n.orgUnitId, byId.get(n.orgUnitId), asOf))
        .sort((a, b) => (a.code ?? '').localeCompare(b.code ?? ''));
      const view: DrillDownView = {
        indicator: this.describe(ind),
        period: { code: period.code, start: period.start, lastDay: lastDay(period) },
        asOf,
        projection: { generation: s.generation, version: s.version },
        orgUnit: this.node(ind, period, result, orgUnitId, byId.get(orgUnitId), asOf),
        children,
      };
      return view;
    });
  }

  /** The indicator for one org unit over several periods of its type, with target and status. */
  async series(
    code: string,
    orgUnitId: string,
    q: { from?: string; to?: string; periods?: string },
  ): Promise<CachedAnswer> {
    const ind = this.indicator(code);
    let periods: Period[];
    if (q.periods) {
      const codes = q.periods
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      if (codes.length === 0 || codes.length > 40)
        throw bad('periods', 'must list 1 to 40 periods');
      periods = codes.map((c) => this.period(ind, c, 'periods'));
    } else {
      const from = this.period(ind, q.from, 'from');
      const to = this.period(ind, q.to, 'to');
      try {
        periods = periodsBetween(ind.periodType, from.code, to.code);
      } catch (e) {
        if (e instanceof PeriodError) throw bad('to', e.message);
        throw e;
      }
    }
    const asOf = provinceDate();
    const s = await this.stamp();
    const key = `${s.key}:${asOf}:s:${ind.code}:${orgUnitId}:${periods.map((p) => p.code).join(',')}`;
    return this.cached(key, async () => {
      await this.knownUnit(orgUnitId);
      const units = await this.units();
      const points: SeriesView['points'] = [];
      for (const period of periods) {
        const result = await this.rollup(s.generation, ind, period, units);
        const base = { period: period.code, start: period.start, lastDay: lastDay(period) };
        if (!result.nodes.has(orgUnitId)) continue;
        const { total, bySegment } = this.node(ind, period, result, orgUnitId, undefined, asOf);
        points.push({ ...base, total, bySegment });
      }
      // The baselines are the province's reported figures: the first points of its own trend.
      const province = units.find((u) => u.id === orgUnitId)?.kind === 'province';
      const last = periods.reduce((a, p) => (p.start > a.start ? p : a), periods[0]);
      const baselines = (province ? ind.baselines : [])
        .map((b) => ({ b, p: parsePeriod(b.period) }))
        .filter(({ p }) => p.start <= last.start)
        .sort(
          (x, y) =>
            x.p.start.localeCompare(y.p.start) ||
            (x.b.segment ?? '').localeCompare(y.b.segment ?? ''),
        )
        .map(({ b, p }) => ({
          period: b.period,
          lastDay: lastDay(p),
          segment: b.segment,
          value: b.value,
          sourceDoc: b.sourceDoc,
        }));
      const view: SeriesView = {
        indicator: this.describe(ind),
        orgUnitId,
        asOf,
        projection: { generation: s.generation, version: s.version },
        baselines,
        points,
      };
      return view;
    });
  }
}

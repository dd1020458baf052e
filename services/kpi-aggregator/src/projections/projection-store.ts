/**
 * The projection's tables and how a chunk of events is applied to them, inside the consumer's
 * transaction (the one that also inserts the processed-event rows): facts, data values, the
 * per-subject order, the checkpoint and the version all commit together or not at all.
 *
 * Each generation of the projection has its own three tables (`kpi_fact_g<N>`,
 * `kpi_value_g<N>`, `kpi_subject_g<N>`): the live one, and during a rebuild a shadow one
 * filled from the beginning of the topics. `projection_state.active_generation` says which is
 * read; swapping it is one row update.
 */
import { MigrationInterface, QueryRunner, EntityManager } from 'typeorm';
import type { ConsumedEvent } from '@qn/messaging';
import { CompiledProjection, DATED, extractFacts, FactDraft, FactError } from './facts';
import { isNewer, SUBJECT_RULES, SubjectState, subjectKeysOf } from './subjects';

export class ProjectionTables1764200000000 implements MigrationInterface {
  name = 'ProjectionTables1764200000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projection_state (
        id integer PRIMARY KEY CHECK (id = 1),
        active_generation integer NOT NULL,
        building_generation integer,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE projection_generation (
        generation integer PRIMARY KEY,
        status text NOT NULL,
        catalogue_fingerprint text NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        events_applied bigint NOT NULL DEFAULT 0,
        last_event_at timestamptz,
        last_applied_at timestamptz,
        targets jsonb,
        progress jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE projection_checkpoint (
        generation integer NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (generation, topic, partition)
      )`);
    await q.query(`
      CREATE TABLE parked_event (
        generation integer NOT NULL,
        event_id uuid NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        event jsonb NOT NULL,
        missing uuid[] NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        parked_at timestamptz NOT NULL DEFAULT now(),
        last_tried_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (generation, event_id)
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    for (const t of ['parked_event', 'projection_checkpoint', 'projection_generation'])
      await q.query(`DROP TABLE ${t}`);
    await q.query(`DROP TABLE projection_state`);
  }
}
/**
 * Query answers are cached under the projection's version and the org replica's stamp; both
 * announce a change on this channel when their transaction commits (NOTIFY is transactional),
 * so the query side reloads its stamp only then instead of on every request.
 */
export const MOVED_CHANNEL = 'kpi_aggregator_moved';

export class ProjectionMovedNotify1764200000100 implements MigrationInterface {
  name = 'ProjectionMovedNotify1764200000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION kpi_notify_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${MOVED_CHANNEL}', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    for (const table of ['org_unit_replica', 'projection_generation', 'projection_state'])
      await q.query(
        `CREATE TRIGGER ${table}_moved AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION kpi_notify_moved()`,
      );
  }
  async down(q: QueryRunner): Promise<void> {
    for (const table of ['org_unit_replica', 'projection_generation', 'projection_state'])
      await q.query(`DROP TRIGGER ${table}_moved ON ${table}`);
    await q.query(`DROP FUNCTION kpi_notify_moved()`);
  }
}

export const projectionMigrations = [
  ProjectionTables1764200000000,
  ProjectionMovedNotify1764200000100,
];

export const tablesOf = (g: number) => {
  if (!Number.isInteger(g) || g < 1) throw new Error(`bad generation ${g}`);
  return { fact: `kpi_fact_g${g}`, value: `kpi_value_g${g}`, subject: `kpi_subject_g${g}` };
};

export async function createGenerationTables(tx: EntityManager, g: number): Promise<void> {
  const t = tablesOf(g);
  await tx.query(`
    CREATE TABLE IF NOT EXISTS ${t.fact} (
      subject_key text NOT NULL,
      element text NOT NULL,
      source integer NOT NULL,
      org_unit_id uuid NOT NULL,
      period text NOT NULL,
      segment text NOT NULL,
      value numeric NOT NULL,
      distinct_value text,
      valid_from date,
      valid_to date,
      dated_scope text
    )`);
  await tx.query(`CREATE INDEX IF NOT EXISTS ${t.fact}_subject ON ${t.fact} (subject_key)`);
  // Only two readers look facts up by their data value's key: the query side for dated facts
  // (period '*') and the recomputation of distinct counts (facts with a distinct value). Most
  // facts are neither, and indexing them all cost 60 % of a fact insert (measured).
  await tx.query(
    `CREATE INDEX IF NOT EXISTS ${t.fact}_keyed ON ${t.fact} (element, period, org_unit_id, segment)
      WHERE period = '${DATED}' OR distinct_value IS NOT NULL`,
  );
  await tx.query(`
    CREATE TABLE IF NOT EXISTS ${t.value} (
      element text NOT NULL,
      org_unit_id uuid NOT NULL,
      period text NOT NULL,
      segment text NOT NULL,
      value numeric NOT NULL,
      facts integer NOT NULL,
      PRIMARY KEY (element, period, org_unit_id, segment)
    )`);
  await tx.query(`
    CREATE TABLE IF NOT EXISTS ${t.subject} (
      subject_key text PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      event_id uuid NOT NULL,
      retracted boolean NOT NULL
    )`);
}

export async function dropGenerationTables(tx: EntityManager, g: number): Promise<void> {
  const t = tablesOf(g);
  for (const name of [t.fact, t.value, t.subject]) await tx.query(`DROP TABLE IF EXISTS ${name}`);
}

/** Segment of a fact whose source says `segment: org-unit` and whose unit has none (not a school). */
export const NO_SEGMENT = 'unspecified';

interface ResolvedFact extends Omit<FactDraft, 'segment'> {
  segment: string;
  subjectKey: string;
}

export interface ApplyResult {
  applied: number;
  parked: Array<{ eventId: string; missing: string[] }>;
  /** Older than its subject's last applied event, or that event again (republished). */
  stale: number;
  /** At or below the checkpoint of its partition: applied (or parked) already. */
  redelivered: number;
}

/**
 * Where the events come from: the projection's topics in offset order (those at or below the
 * partition's checkpoint are skipped, the checkpoint moves), or the parked events being
 * retried (already behind the checkpoint).
 */
export type EventSource = 'topics' | 'parked';

type Event = Pick<ConsumedEvent, 'event' | 'topic' | 'partition' | 'offset'>;

/** Thrown for an event whose values cannot be projected; the caller maps it to the DLQ. */
export { FactError };

/**
 * Applies events in order to generation `g`, each at most once. Events naming org units the
 * replica does not know yet are parked (parked_event, same transaction) instead of applied.
 *
 * Why no processed-event rows: the transaction that applies a chunk also moves the partition's
 * checkpoint, so a redelivery (offsets not yet committed to Kafka) is recognised by its offset;
 * an event republished at another offset is recognised by its subject's last event (id and
 * time), which accumulating events (no subject rule) get too, under `e:<event id>`.
 */
export async function applyEvents(
  tx: EntityManager,
  g: number,
  projection: CompiledProjection,
  input: readonly Event[],
  source: EventSource,
): Promise<ApplyResult> {
  const t = tablesOf(g);
  const result: ApplyResult = { applied: 0, parked: [], stale: 0, redelivered: 0 };
  const events = source === 'topics' ? await notYetApplied(tx, g, input) : input;
  result.redelivered = input.length - events.length;
  if (events.length === 0) return result;

  // 1. Facts of every event (pure); a bad event fails here with its reason.
  const drafts = events.map((e) => {
    try {
      return extractFacts(projection, e.event);
    } catch (err) {
      if (err instanceof FactError)
        throw new FactError(`${e.event.type} ${e.event.id}: ${err.message}`);
      throw err;
    }
  });

  // 2. Org units they name (and their area segments).
  const needed = new Set<string>();
  events.forEach((e, i) => {
    if (SUBJECT_RULES[e.event.type]?.definesOrgUnit) return;
    for (const f of drafts[i]) needed.add(f.orgUnitId);
  });
  const known = new Map<string, string | null>();
  if (needed.size) {
    const rows: Array<{ id: string; segment: string | null }> = await tx.query(
      `SELECT id, school->>'segment' AS segment FROM org_unit_replica WHERE id = ANY($1::uuid[])`,
      [[...needed]],
    );
    for (const r of rows) known.set(r.id, r.segment);
  }

  // 3. Subject order: which earlier facts are replaced or retracted, which events were seen.
  const keysOf = (e: Event) => {
    const k = subjectKeysOf(e.event.type, e.event.subjectId);
    return k.keys.length ? k : { keys: [], retract: false, once: `e:${e.event.id}` };
  };
  const subjectKeys = new Set<string>();
  for (const e of events) {
    const k = keysOf(e);
    for (const key of k.keys) subjectKeys.add(key);
    if ('once' in k) subjectKeys.add(k.once);
  }
  const subjects = new Map<string, SubjectState & { retracted: boolean }>();
  if (subjectKeys.size) {
    const rows: Array<{
      subject_key: string;
      occurred_at: Date;
      event_id: string;
      retracted: boolean;
    }> = await tx.query(
      `SELECT subject_key, occurred_at, event_id, retracted FROM ${t.subject} WHERE subject_key = ANY($1) ORDER BY subject_key FOR UPDATE`,
      [[...subjectKeys].sort()],
    );
    for (const r of rows)
      subjects.set(r.subject_key, {
        occurredAt: r.occurred_at.toISOString(),
        eventId: r.event_id,
        retracted: r.retracted,
      });
  }
  // Only subjects with stored facts can have facts to take back (new ones are the usual case).
  const stored = new Set(subjects.keys());
  const replaced = new Set<string>();
  const touchedSubjects = new Set<string>();
  const pending = new Map<string, ResolvedFact[]>();
  const parkRows: Event[] = [];
  const parkMissing: string[][] = [];

  events.forEach((e, i) => {
    const facts = drafts[i];
    const subject = keysOf(e);
    const { keys, retract } = subject;
    if (facts.length === 0 && keys.length === 0) return;
    const defines = SUBJECT_RULES[e.event.type]?.definesOrgUnit;
    const missing = defines
      ? []
      : [...new Set(facts.map((f) => f.orgUnitId).filter((id) => !known.has(id)))];
    if (missing.length) {
      parkRows.push(e);
      parkMissing.push(missing);
      result.parked.push({ eventId: e.event.id, missing });
      return;
    }
    const me = { occurredAt: e.event.occurredAt, eventId: e.event.id };
    if (keys.length && !keys.every((k) => isNewer(me, subjects.get(k)))) {
      result.stale++;
      return;
    }
    const resolved = (subjectKey: string): ResolvedFact[] =>
      facts.map((f) => ({
        ...f,
        subjectKey,
        segment: f.segmentFromOrgUnit ? (known.get(f.orgUnitId) ?? NO_SEGMENT) : f.segment!,
      }));
    if ('once' in subject) {
      // Accumulates: once per event id, whatever offset it comes again at.
      if (subjects.has(subject.once)) {
        result.stale++;
        return;
      }
      subjects.set(subject.once, { ...me, retracted: false });
      touchedSubjects.add(subject.once);
      pending.set(subject.once, resolved(subject.once));
    } else {
      for (const k of keys) {
        if (stored.has(k)) replaced.add(k);
        touchedSubjects.add(k);
        subjects.set(k, { ...me, retracted: retract });
        if (retract) pending.delete(k);
        else pending.set(k, resolved(k));
      }
    }
    result.applied++;
  });

  // 4. Deltas to the data values: minus the replaced facts, plus the new ones.
  const deltas = new Map<string, { value: number; facts: number }>();
  const recompute = new Set<string>();
  const vkey = (f: { element: string; period: string; orgUnitId: string; segment: string }) =>
    JSON.stringify([f.element, f.period, f.orgUnitId, f.segment]);
  const addDelta = (
    f: { element: string; period: string; orgUnitId: string; segment: string },
    value: number,
    facts: number,
  ) => {
    if (f.period === DATED) return;
    const k = vkey(f);
    if (projection.distinctElements.has(f.element)) {
      recompute.add(k);
      return;
    }
    const d = deltas.get(k) ?? { value: 0, facts: 0 };
    d.value += value;
    d.facts += facts;
    deltas.set(k, d);
  };
  if (replaced.size) {
    type Row = {
      element: string;
      org_unit_id: string;
      period: string;
      segment: string;
      value: string;
    };
    // TypeORM answers a DELETE … RETURNING with [rows, affected].
    const res: [Row[], number] = await tx.query(
      `DELETE FROM ${t.fact} WHERE subject_key = ANY($1) RETURNING element, org_unit_id, period, segment, value`,
      [[...replaced]],
    );
    for (const r of res[0])
      addDelta(
        { element: r.element, period: r.period, orgUnitId: r.org_unit_id, segment: r.segment },
        -Number(r.value),
        -1,
      );
  }
  const fresh = [...pending.values()].flat();
  for (const f of fresh) addDelta(f, f.value, 1);
  if (fresh.length) {
    await tx.query(
      `INSERT INTO ${t.fact} (subject_key, element, source, org_unit_id, period, segment, value, distinct_value, valid_from, valid_to, dated_scope)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::text[], $7::numeric[], $8::text[], $9::date[], $10::date[], $11::text[])`,
      [
        fresh.map((f) => f.subjectKey),
        fresh.map((f) => f.element),
        fresh.map((f) => f.source),
        fresh.map((f) => f.orgUnitId),
        fresh.map((f) => f.period),
        fresh.map((f) => f.segment),
        fresh.map((f) => String(f.value)),
        fresh.map((f) => f.distinct),
        fresh.map((f) => f.validFrom),
        fresh.map((f) => f.validTo),
        fresh.map((f) => f.datedScope),
      ],
    );
  }
  if (touchedSubjects.size) {
    const keys = [...touchedSubjects];
    await tx.query(
      `INSERT INTO ${t.subject} (subject_key, occurred_at, event_id, retracted)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::uuid[], $4::boolean[])
       ON CONFLICT (subject_key) DO UPDATE SET occurred_at = EXCLUDED.occurred_at, event_id = EXCLUDED.event_id, retracted = EXCLUDED.retracted`,
      [
        keys,
        keys.map((k) => subjects.get(k)!.occurredAt),
        keys.map((k) => subjects.get(k)!.eventId),
        keys.map((k) => subjects.get(k)!.retracted),
      ],
    );
  }
  // Sorted keys: concurrent writers (the consumer, the held-event retry) lock rows in one order.
  const changed = [...deltas]
    .filter(([, d]) => d.value !== 0 || d.facts !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (changed.length) {
    const ks = changed.map(([k]) => JSON.parse(k) as string[]);
    await tx.query(
      `INSERT INTO ${t.value} AS v (element, period, org_unit_id, segment, value, facts)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::numeric[], $6::int[])
       ON CONFLICT (element, period, org_unit_id, segment) DO UPDATE SET value = v.value + EXCLUDED.value, facts = v.facts + EXCLUDED.facts`,
      [
        ks.map((k) => k[0]),
        ks.map((k) => k[1]),
        ks.map((k) => k[2]),
        ks.map((k) => k[3]),
        changed.map(([, d]) => String(d.value)),
        changed.map(([, d]) => d.facts),
      ],
    );
    const gone = changed.filter(([, d]) => d.facts < 0).map(([k]) => JSON.parse(k) as string[]);
    if (gone.length)
      await tx.query(
        `DELETE FROM ${t.value} v USING unnest($1::text[], $2::text[], $3::uuid[], $4::text[]) AS k(element, period, org_unit_id, segment)
          WHERE v.element = k.element AND v.period = k.period AND v.org_unit_id = k.org_unit_id AND v.segment = k.segment AND v.facts <= 0`,
        [
          gone.map((k) => k[0]),
          gone.map((k) => k[1]),
          gone.map((k) => k[2]),
          gone.map((k) => k[3]),
        ],
      );
  }
  // A distinct count's facts all have a distinct value (the catalogue allows no other source).
  if (recompute.size) {
    const ks = [...recompute].map((k) => JSON.parse(k) as string[]);
    const args = [
      ks.map((k) => k[0]),
      ks.map((k) => k[1]),
      ks.map((k) => k[2]),
      ks.map((k) => k[3]),
    ];
    await tx.query(
      `DELETE FROM ${t.value} v USING unnest($1::text[], $2::text[], $3::uuid[], $4::text[]) AS k(element, period, org_unit_id, segment)
        WHERE v.element = k.element AND v.period = k.period AND v.org_unit_id = k.org_unit_id AND v.segment = k.segment`,
      args,
    );
    await tx.query(
      `INSERT INTO ${t.value} (element, period, org_unit_id, segment, value, facts)
       SELECT f.element, f.period, f.org_unit_id, f.segment, count(DISTINCT f.source || ':' || f.distinct_value), count(*)
         FROM ${t.fact} f JOIN unnest($1::text[], $2::text[], $3::uuid[], $4::text[]) AS k(element, period, org_unit_id, segment)
           ON f.element = k.element AND f.period = k.period AND f.org_unit_id = k.org_unit_id AND f.segment = k.segment
        WHERE f.distinct_value IS NOT NULL
        GROUP BY 1, 2, 3, 4`,
      args,
    );
  }

  // 5. Parked events, checkpoint and version: same transaction.
  if (parkRows.length) {
    await tx.query(
      `INSERT INTO parked_event (generation, event_id, topic, partition, "offset", event, missing)
       SELECT $1, p.event_id, p.topic, p.partition, p."offset", p.event, string_to_array(p.missing, ',')::uuid[]
         FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[], $6::jsonb[], $7::text[])
           AS p(event_id, topic, partition, "offset", event, missing)
       ON CONFLICT (generation, event_id) DO UPDATE SET attempts = parked_event.attempts + 1, last_tried_at = now(), missing = EXCLUDED.missing`,
      [
        g,
        parkRows.map((e) => e.event.id),
        parkRows.map((e) => e.topic),
        parkRows.map((e) => e.partition),
        parkRows.map((e) => e.offset),
        parkRows.map((e) => JSON.stringify(e.event)),
        parkMissing.map((m) => m.join(',')),
      ],
    );
  }
  if (source === 'topics') {
    const last = new Map<string, Event>();
    for (const e of events) {
      const k = `${e.topic}\u0000${e.partition}`;
      const prev = last.get(k);
      if (!prev || BigInt(prev.offset) < BigInt(e.offset)) last.set(k, e);
    }
    const cps = [...last.values()];
    await tx.query(
      `INSERT INTO projection_checkpoint AS c (generation, topic, partition, "offset", updated_at)
       SELECT $1, *, now() FROM unnest($2::text[], $3::int[], $4::bigint[])
       ON CONFLICT (generation, topic, partition) DO UPDATE SET "offset" = greatest(c."offset", EXCLUDED."offset"), updated_at = now()`,
      [g, cps.map((e) => e.topic), cps.map((e) => e.partition), cps.map((e) => e.offset)],
    );
  }
  const lastEventAt = events.reduce<string | null>(
    (m, e) => (m === null || e.event.occurredAt > m ? e.event.occurredAt : m),
    null,
  );
  await tx.query(
    `UPDATE projection_generation SET version = version + 1, events_applied = events_applied + $2,
       last_event_at = greatest(last_event_at, $3::timestamptz), last_applied_at = now() WHERE generation = $1`,
    [g, result.applied, lastEventAt],
  );
  return result;
}

/**
 * The events above their partition's checkpoint. The checkpoint rows are locked, so a consumer
 * that lost its partitions in a rebalance cannot apply a chunk the new owner applies too.
 */
async function notYetApplied(
  tx: EntityManager,
  g: number,
  events: readonly Event[],
): Promise<readonly Event[]> {
  if (events.length === 0) return events;
  const topics = [...new Set(events.map((e) => e.topic))];
  const rows: Array<{ topic: string; partition: number; offset: string }> = await tx.query(
    `SELECT topic, partition, "offset"::text AS offset FROM projection_checkpoint
      WHERE generation = $1 AND topic = ANY($2::text[]) ORDER BY topic, partition FOR UPDATE`,
    [g, topics],
  );
  if (rows.length === 0) return events;
  const applied = new Map(rows.map((r) => [`${r.topic}\u0000${r.partition}`, BigInt(r.offset)]));
  return events.filter((e) => {
    const through = applied.get(`${e.topic}\u0000${e.partition}`);
    return through === undefined || BigInt(e.offset) > through;
  });
}

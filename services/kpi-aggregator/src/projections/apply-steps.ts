/**
 * The steps of `applyEvents` (projection.repository.ts), each on the chunk as a whole, in the order
 * they run in the consumer's transaction: facts of the events, the org units they name, the
 * subjects' order, the plan (apply, park, or skip as stale), fact and value changes, parked
 * events, checkpoint and version. Table names come in as `t` (tablesOf of the generation).
 */
import { EntityManager } from 'typeorm';
import type { ConsumedEvent } from '@qn/messaging';
import {
  CompiledProjection,
  DATED,
  extractFacts,
  extractStates,
  FactDraft,
  FactError,
  StateChange,
} from '../indicators/domain/facts';
import {
  isNewer,
  SUBJECT_RULES,
  SubjectState,
  subjectKeysOf,
  timelineEnds,
} from './domain/subjects';

/** Segment of a fact whose source says `segment: org-unit` and whose unit has none (not a school). */
export const NO_SEGMENT = 'unspecified';

export type Event = Pick<ConsumedEvent, 'event' | 'topic' | 'partition' | 'offset'>;

/** The generation's tables (see tablesOf). */
export interface Tables {
  fact: string;
  value: string;
  subject: string;
  state: string;
}

export interface ApplyResult {
  applied: number;
  parked: Array<{ eventId: string; missing: string[] }>;
  /** Older than its subject's last applied event, or that event again (republished). */
  stale: number;
  /** At or below the checkpoint of its partition: applied (or parked) already. */
  redelivered: number;
}

interface ResolvedFact extends Omit<FactDraft, 'segment'> {
  segment: string;
  subjectKey: string;
}

type Subjects = Map<string, SubjectState & { retracted: boolean }>;

/** What the chunk changes, decided before anything is written. */
export interface Plan {
  /** Stored subjects whose facts are taken back (replaced or retracted). */
  replaced: Set<string>;
  /** Subjects whose last event changes. */
  touchedSubjects: Set<string>;
  /** The facts to insert, by subject. */
  pending: Map<string, ResolvedFact[]>;
  parkRows: Event[];
  parkMissing: string[][];
  /** State changes of applied events in latest-state elements (applyStates). */
  states: AppliedState[];
}

/** A state change with the event that made it: its facts are under `e:<event id>`. */
export interface AppliedState extends StateChange {
  occurredAt: string;
  eventId: string;
}

/** Step 1: facts of every event (pure); a bad event fails here with its reason. */
export function factsOf(projection: CompiledProjection, events: readonly Event[]): FactDraft[][] {
  return events.map((e) => {
    try {
      return extractFacts(projection, e.event);
    } catch (err) {
      if (err instanceof FactError)
        throw new FactError(`${e.event.type} ${e.event.id}: ${err.message}`);
      throw err;
    }
  });
}

/** Step 1: the state changes of every event in latest-state elements (pure). */
export function statesOf(
  projection: CompiledProjection,
  events: readonly Event[],
): StateChange[][] {
  return events.map((e) => {
    if (!projection.stateElements.size) return [];
    try {
      return extractStates(projection, e.event);
    } catch (err) {
      if (err instanceof FactError)
        throw new FactError(`${e.event.type} ${e.event.id}: ${err.message}`);
      throw err;
    }
  });
}

/** Step 2: the org units the facts name that the replica knows, with their area segments. */
export async function knownOrgUnits(
  tx: EntityManager,
  events: readonly Event[],
  drafts: FactDraft[][],
): Promise<Map<string, string | null>> {
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
  return known;
}

/** An event's subject keys; an accumulating event (no subject rule) is its own subject, once. */
function keysOf(e: Event) {
  const k = subjectKeysOf(e.event.type, e.event.subjectId);
  return k.keys.length ? k : { keys: [], retract: false, once: `e:${e.event.id}` };
}

/** Step 3: the last applied event of every subject the chunk names, locked in key order. */
export async function lockSubjects(
  tx: EntityManager,
  t: Tables,
  events: readonly Event[],
): Promise<Subjects> {
  const subjectKeys = new Set<string>();
  for (const e of events) {
    const k = keysOf(e);
    for (const key of k.keys) subjectKeys.add(key);
    if ('once' in k) subjectKeys.add(k.once);
  }
  const subjects: Subjects = new Map();
  if (!subjectKeys.size) return subjects;
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
  return subjects;
}

/**
 * Step 3, continued: event by event, in order — park it (an org unit is unknown), skip it
 * (stale), or apply it (its subjects' facts replaced, retracted or accumulated). `subjects`
 * is updated as events are applied; `result` counts them.
 */
export function planEvents(
  events: readonly Event[],
  drafts: FactDraft[][],
  known: ReadonlyMap<string, string | null>,
  subjects: Subjects,
  result: ApplyResult,
  changes: StateChange[][] = events.map(() => []),
): Plan {
  const plan: Plan = {
    // Only subjects with stored facts can have facts to take back (new ones are the usual case).
    replaced: new Set(),
    touchedSubjects: new Set(),
    pending: new Map(),
    parkRows: [],
    parkMissing: [],
    states: [],
  };
  const stored = new Set(subjects.keys());
  events.forEach((e, i) => {
    const facts = drafts[i];
    const subject = keysOf(e);
    const states = changes[i];
    // An event that only changes a state (a departure, a failed identity check) is applied too.
    if (facts.length === 0 && states.length === 0 && subject.keys.length === 0) return;
    const missing = SUBJECT_RULES[e.event.type]?.definesOrgUnit
      ? []
      : [...new Set(facts.map((f) => f.orgUnitId).filter((id) => !known.has(id)))];
    if (missing.length) {
      plan.parkRows.push(e);
      plan.parkMissing.push(missing);
      result.parked.push({ eventId: e.event.id, missing });
      return;
    }
    const me = { occurredAt: e.event.occurredAt, eventId: e.event.id };
    if (subject.keys.length && !subject.keys.every((k) => isNewer(me, subjects.get(k)))) {
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
      plan.touchedSubjects.add(subject.once);
      plan.pending.set(subject.once, resolved(subject.once));
      for (const s of states) plan.states.push({ ...s, ...me });
    } else {
      for (const k of subject.keys) {
        if (stored.has(k)) plan.replaced.add(k);
        plan.touchedSubjects.add(k);
        subjects.set(k, { ...me, retracted: subject.retract });
        if (subject.retract) plan.pending.delete(k);
        else plan.pending.set(k, resolved(k));
      }
    }
    result.applied++;
  });
  return plan;
}

type ValueKeyOf = { element: string; period: string; orgUnitId: string; segment: string };

/**
 * Step 4's bookkeeping: changes to the data values, by (element, period, org unit, segment).
 * A distinct count cannot be changed by a delta: its keys are recomputed from the facts.
 */
export class ValueDeltas {
  readonly deltas = new Map<string, { value: number; facts: number }>();
  readonly recompute = new Set<string>();

  constructor(private readonly projection: CompiledProjection) {}

  add(f: ValueKeyOf, value: number, facts: number): void {
    if (f.period === DATED) return;
    const k = JSON.stringify([f.element, f.period, f.orgUnitId, f.segment]);
    if (this.projection.distinctElements.has(f.element)) {
      this.recompute.add(k);
      return;
    }
    const d = this.deltas.get(k) ?? { value: 0, facts: 0 };
    d.value += value;
    d.facts += facts;
    this.deltas.set(k, d);
  }
}

/** Step 4: the replaced subjects' facts are deleted, their values counted out. */
export async function takeBackFacts(
  tx: EntityManager,
  t: Tables,
  replaced: ReadonlySet<string>,
  deltas: ValueDeltas,
): Promise<void> {
  if (!replaced.size) return;
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
    deltas.add(
      { element: r.element, period: r.period, orgUnitId: r.org_unit_id, segment: r.segment },
      -Number(r.value),
      -1,
    );
}

/** Step 4: the new facts are inserted, their values counted in. */
export async function insertFacts(
  tx: EntityManager,
  t: Tables,
  pending: ReadonlyMap<string, ResolvedFact[]>,
  deltas: ValueDeltas,
): Promise<void> {
  const fresh = [...pending.values()].flat();
  for (const f of fresh) deltas.add(f, f.value, 1);
  if (!fresh.length) return;
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

/** Step 4: each touched subject's last applied event. */
export async function upsertSubjects(
  tx: EntityManager,
  t: Tables,
  touched: ReadonlySet<string>,
  subjects: Subjects,
): Promise<void> {
  if (!touched.size) return;
  const keys = [...touched];
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

/** Step 4: the deltas added to the data values; a value left with no facts is deleted. */
export async function applyValueDeltas(
  tx: EntityManager,
  t: Tables,
  deltas: ValueDeltas,
): Promise<void> {
  // Sorted keys: concurrent writers (the consumer, the held-event retry) lock rows in one order.
  const changed = [...deltas.deltas]
    .filter(([, d]) => d.value !== 0 || d.facts !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!changed.length) return;
  const ks = changed.map(([k]) => JSON.parse(k) as string[]);
  await tx.query(
    `INSERT INTO ${t.value} AS v (element, period, org_unit_id, segment, value, facts)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::numeric[], $6::int[])
       ON CONFLICT (element, period, org_unit_id, segment) DO UPDATE SET value = v.value + EXCLUDED.value, facts = v.facts + EXCLUDED.facts`,
    [...columns(ks), changed.map(([, d]) => String(d.value)), changed.map(([, d]) => d.facts)],
  );
  const gone = changed.filter(([, d]) => d.facts < 0).map(([k]) => JSON.parse(k) as string[]);
  if (gone.length)
    await tx.query(
      `DELETE FROM ${t.value} v USING unnest($1::text[], $2::text[], $3::uuid[], $4::text[]) AS k(element, period, org_unit_id, segment)
          WHERE v.element = k.element AND v.period = k.period AND v.org_unit_id = k.org_unit_id AND v.segment = k.segment AND v.facts <= 0`,
      columns(gone),
    );
}

/** Step 4: distinct counts recomputed from their facts (all of which have a distinct value: the catalogue allows no other source). */
export async function recomputeDistinct(
  tx: EntityManager,
  t: Tables,
  deltas: ValueDeltas,
): Promise<void> {
  if (!deltas.recompute.size) return;
  const args = columns([...deltas.recompute].map((k) => JSON.parse(k) as string[]));
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

/**
 * Step 4: the timelines of latest-state elements. The chunk's state changes are recorded, then
 * every touched (element, subject) timeline is read back in order (date, occurredAt, event id)
 * and each state's facts — `e:<event id>` — are made to end where the next state begins (open
 * for the last). Recomputed whole, so an event arriving late or twice still gives the timeline
 * the events say, whatever order they came in.
 */
export async function applyStates(
  tx: EntityManager,
  t: Tables,
  states: readonly AppliedState[],
): Promise<void> {
  if (!states.length) return;
  await tx.query(
    `INSERT INTO ${t.state} (element, subject, changed_on, occurred_at, event_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::timestamptz[], $5::uuid[])
       ON CONFLICT DO NOTHING`,
    [
      states.map((s) => s.element),
      states.map((s) => s.subject),
      states.map((s) => s.date),
      states.map((s) => s.occurredAt),
      states.map((s) => s.eventId),
    ],
  );
  const pairs = [...new Set(states.map((s) => JSON.stringify([s.element, s.subject])))]
    .sort()
    .map((k) => JSON.parse(k) as [string, string]);
  const rows: Array<{ element: string; subject: string; changed_on: string; event_id: string }> =
    await tx.query(
      `SELECT s.element, s.subject, to_char(s.changed_on, 'YYYY-MM-DD') AS changed_on, s.event_id
         FROM ${t.state} s JOIN unnest($1::text[], $2::text[]) AS k(element, subject)
           ON s.element = k.element AND s.subject = k.subject
        ORDER BY s.element, s.subject, s.changed_on, s.occurred_at, s.event_id`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
  const ends = timelineEnds(rows);
  await tx.query(
    `UPDATE ${t.fact} f SET valid_to = u.valid_to
       FROM unnest($1::text[], $2::text[], $3::date[]) AS u(subject_key, element, valid_to)
      WHERE f.subject_key = u.subject_key AND f.element = u.element AND f.valid_to IS DISTINCT FROM u.valid_to`,
    [ends.map((e) => `e:${e.eventId}`), ends.map((e) => e.element), ends.map((e) => e.validTo)],
  );
}

/** Value keys (element, period, org unit, segment) as four parameter columns. */
const columns = (ks: string[][]) => [
  ks.map((k) => k[0]),
  ks.map((k) => k[1]),
  ks.map((k) => k[2]),
  ks.map((k) => k[3]),
];

/** Step 5: events naming org units the replica does not know yet wait in parked_event. */
export async function parkEvents(
  tx: EntityManager,
  g: number,
  parkRows: readonly Event[],
  parkMissing: string[][],
): Promise<void> {
  if (!parkRows.length) return;
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

/** Step 5: each partition's checkpoint moves to the chunk's last offset in it. */
export async function moveCheckpoints(
  tx: EntityManager,
  g: number,
  events: readonly Event[],
): Promise<void> {
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

/** Step 5: the generation's version (read by the query cache) and its counters. */
export async function bumpVersion(
  tx: EntityManager,
  g: number,
  events: readonly Event[],
  applied: number,
): Promise<void> {
  const lastEventAt = events.reduce<string | null>(
    (m, e) => (m === null || e.event.occurredAt > m ? e.event.occurredAt : m),
    null,
  );
  await tx.query(
    `UPDATE projection_generation SET version = version + 1, events_applied = events_applied + $2,
       last_event_at = greatest(last_event_at, $3::timestamptz), last_applied_at = now() WHERE generation = $1`,
    [g, applied, lastEventAt],
  );
}

/**
 * The events above their partition's checkpoint. The checkpoint rows are locked, so a consumer
 * that lost its partitions in a rebalance cannot apply a chunk the new owner applies too.
 */
export async function notYetApplied(
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

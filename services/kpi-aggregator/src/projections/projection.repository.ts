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
import { EntityManager } from 'typeorm';
import {
  ApplyResult,
  applyValueDeltas,
  bumpVersion,
  Event,
  factsOf,
  statesOf,
  insertFacts,
  knownOrgUnits,
  lockSubjects,
  moveCheckpoints,
  notYetApplied,
  parkEvents,
  planEvents,
  recomputeDistinct,
  takeBackFacts,
  applyStates,
  upsertSubjects,
  ValueDeltas,
} from './apply-steps';
import { CompiledProjection, DATED, FactError } from '../indicators/domain/facts';

/**
 * Query answers are cached under the projection's version and the org replica's stamp; both
 * announce a change on this channel when their transaction commits (NOTIFY is transactional),
 * so the query side reloads its stamp only then instead of on every request.
 */
export const MOVED_CHANNEL = 'kpi_aggregator_moved';

export const tablesOf = (g: number) => {
  if (!Number.isInteger(g) || g < 1) throw new Error(`bad generation ${g}`);
  return {
    fact: `kpi_fact_g${g}`,
    value: `kpi_value_g${g}`,
    subject: `kpi_subject_g${g}`,
    state: `kpi_state_g${g}`,
  };
};

/** Per latest-state element and subject, the events that changed its state (apply-steps `applyStates`). */
export const createStateTable = (tx: EntityManager, g: number) =>
  tx.query(`
    CREATE TABLE IF NOT EXISTS ${tablesOf(g).state} (
      element text NOT NULL,
      subject text NOT NULL,
      changed_on date NOT NULL,
      occurred_at timestamptz NOT NULL,
      event_id uuid NOT NULL,
      PRIMARY KEY (element, subject, event_id)
    )`);

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
  await createStateTable(tx, g);
}

export async function dropGenerationTables(tx: EntityManager, g: number): Promise<void> {
  const t = tablesOf(g);
  for (const name of [t.fact, t.value, t.subject, t.state])
    await tx.query(`DROP TABLE IF EXISTS ${name}`);
}

export { NO_SEGMENT } from './apply-steps';
export type { ApplyResult } from './apply-steps';

/**
 * Where the events come from: the projection's topics in offset order (those at or below the
 * partition's checkpoint are skipped, the checkpoint moves), or the parked events being
 * retried (already behind the checkpoint).
 */
export type EventSource = 'topics' | 'parked';

/** Thrown for an event whose values cannot be projected; the caller maps it to the DLQ. */
export { FactError };

/**
 * Applies events in order to generation `g`, each at most once. Events naming org units the
 * replica does not know yet are parked (parked_event, same transaction) instead of applied.
 * The steps are in apply-steps.ts; all of them run in `tx`.
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

  // 1–3. Facts, the org units they name, the subjects' order: what to apply, park or skip.
  const drafts = factsOf(projection, events);
  const changes = statesOf(projection, events);
  const known = await knownOrgUnits(tx, events, drafts);
  const subjects = await lockSubjects(tx, t, events);
  const plan = planEvents(events, drafts, known, subjects, result, changes);

  // 4. Facts and data values: minus the replaced facts, plus the new ones.
  const deltas = new ValueDeltas(projection);
  await takeBackFacts(tx, t, plan.replaced, deltas);
  await insertFacts(tx, t, plan.pending, deltas);
  await upsertSubjects(tx, t, plan.touchedSubjects, subjects);
  await applyValueDeltas(tx, t, deltas);
  await recomputeDistinct(tx, t, deltas);
  await applyStates(tx, t, plan.states);

  // 5. Parked events, checkpoint and version: same transaction.
  await parkEvents(tx, g, plan.parkRows, plan.parkMissing);
  if (source === 'topics') await moveCheckpoints(tx, g, events);
  await bumpVersion(tx, g, events, result.applied);
  return result;
}

/** The active generation, and the one being built if any (projection_state). */
export async function projectionState(
  tx: EntityManager,
): Promise<{ active: number; building: number | null }> {
  const [row] = await tx.query(
    `SELECT active_generation AS active, building_generation AS building FROM projection_state WHERE id = 1`,
  );
  if (!row) throw new Error('projection not initialised');
  return row;
}

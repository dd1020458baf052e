/**
 * Aggregation of data values up the organisation tree, with effective dates.
 *
 * Data values are keyed like DHIS2's: data element × org unit × period × segment. For one
 * indicator and one period:
 *
 * 1. Each org unit's own values (per segment) are evaluated into a contribution: the numerator
 *    formula and the denominator formula over that unit's values. This is where per-school
 *    formulas such as "1 if the school took no paper application" are meant to be evaluated.
 *    A unit with no value for any element of the indicator makes no contribution (it is not a
 *    0/0); a contribution whose numerator or denominator is null (division by zero, a pending
 *    element) is left out of both sums and listed in `excluded`.
 * 2. Contributions are summed up the tree — numerators and denominators separately — and the
 *    indicator at every level is Σ numerators / Σ denominators × factor (never an average of
 *    percentages). Nothing is capped: 103 % stays 103 %. Arithmetic is exact (`Rational`).
 *
 * Which parent a unit counts under in a period (the effective-date rule):
 *   the parent of the unit's **latest version that overlaps the period** — i.e. the parent in
 *   force on the period's last day, or, for a unit that closed during the period, the parent
 *   it last had. A school that moved commune on 1 Nov 2025 therefore counts under its old
 *   commune for school year 2024-2025 and under the new one for HK1-2025-2026 and for 2025.
 *   Values are per period, so a period spanning a move cannot be split by date; if a split is
 *   needed, store values on shorter periods and roll those up.
 * Which units exist in a period: a unit appears when one of its versions overlaps the period
 *   and it is in force on the period's last day or something is attributed to it or below it.
 *   The former districts (ended 2025-07-01) thus appear for periods ending by 30 Jun 2025 and
 *   vanish afterwards; a value keyed to a unit with no version overlapping the period cannot
 *   be placed and is returned in `unattributed`.
 */
import { addDays } from '@qn/contracts';
import { DataValues, evaluate, EvaluateOptions, Expr, Rational, referencesOf } from './formula';

export interface OrgUnitVersion {
  /** YYYY-MM-DD, inclusive. */
  validFrom: string;
  /** YYYY-MM-DD, exclusive; null = open-ended. */
  validTo: string | null;
  parentId: string | null;
}

/** The part of `registry.org-unit.changed` the roll-up needs (the event itself fits). */
export interface OrgUnit {
  id: string;
  versions: readonly OrgUnitVersion[];
}

export interface DataValue {
  dataElement: string;
  orgUnitId: string;
  /** Period code, e.g. `2025-2026`, `HK1-2025-2026`, `2025`, `2025-12-31`. */
  period: string;
  segment: string;
  value: number | bigint;
}

export interface PeriodRange {
  code: string;
  /** YYYY-MM-DD inclusive. */
  start: string;
  /** YYYY-MM-DD exclusive. */
  end: string;
}

/** What the roll-up needs of an indicator (a catalogue `IndicatorDefinition` fits). */
export interface RollupIndicator {
  numerator: Expr | { ast: Expr };
  denominator: Expr | { ast: Expr };
  /** Scale of the published value: 100 for percent, 1 for a plain ratio. Default 1. */
  factor?: number | bigint;
  /** Elements without a source yet: absent means null, not 0. */
  pendingElements?: ReadonlySet<string>;
  missing?: EvaluateOptions['missing'];
}

export interface Cell {
  numerator: Rational;
  denominator: Rational;
  /** numerator / denominator × factor; null when the denominator is 0. */
  value: Rational | null;
  /** Units whose own values were summed into this cell. */
  contributors: number;
}

export interface NodeResult {
  orgUnitId: string;
  /** Parent in this period (the effective-date rule), null for a root. */
  parentId: string | null;
  /** Whether the unit itself is in force on the period's last day. */
  inForceOnLastDay: boolean;
  bySegment: Map<string, Cell>;
  /** All segments together (a sum of the segment cells' numerators and denominators). */
  total: Cell;
}

export interface Exclusion {
  orgUnitId: string;
  segment: string;
  reason: 'numerator is null' | 'denominator is null';
}

export interface RollupResult {
  period: PeriodRange;
  nodes: Map<string, NodeResult>;
  roots: string[];
  /** Values keyed to units that have no version overlapping the period (or are unknown). */
  unattributed: DataValue[];
  excluded: Exclusion[];
  /** Units whose parent has no version overlapping the period: treated as roots. */
  orphans: string[];
}

export class RollupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RollupError';
  }
}

// ---------------------------------------------------------------------------------------------
// The tree of one period

export interface Placement {
  parentId: string | null;
  inForceOnLastDay: boolean;
}

function overlaps(v: OrgUnitVersion, range: PeriodRange): boolean {
  return v.validFrom < range.end && (v.validTo === null || v.validTo > range.start);
}

/** The unit's place in a period (see the rule at the top), or null when it does not exist then. */
export function placementIn(unit: OrgUnit, range: PeriodRange): Placement | null {
  let latest: OrgUnitVersion | null = null;
  for (const v of unit.versions) {
    if (v.validTo !== null && v.validTo <= v.validFrom)
      throw new RollupError(
        `org unit ${unit.id}: version ${v.validFrom}..${v.validTo} ends before it starts`,
      );
    if (overlaps(v, range) && (latest === null || v.validFrom > latest.validFrom)) latest = v;
  }
  if (!latest) return null;
  const lastDay = addDays(range.end, -1);
  return {
    parentId: latest.parentId,
    inForceOnLastDay:
      latest.validFrom <= lastDay && (latest.validTo === null || latest.validTo > lastDay),
  };
}

export interface PeriodTree {
  range: PeriodRange;
  /** Every unit overlapping the period, with its parent for the period. */
  placement: Map<string, Placement>;
  children: Map<string, string[]>;
}

/** Places every unit for a period and checks the result is a forest (no cycles). */
export function treeForPeriod(units: readonly OrgUnit[], range: PeriodRange): PeriodTree {
  const placement = new Map<string, Placement>();
  for (const u of units) {
    if (placement.has(u.id)) throw new RollupError(`org unit ${u.id} listed twice`);
    const p = placementIn(u, range);
    if (p) placement.set(u.id, p);
  }
  const children = new Map<string, string[]>();
  for (const [id, p] of placement) {
    if (p.parentId !== null && placement.has(p.parentId)) {
      const list = children.get(p.parentId) ?? [];
      list.push(id);
      children.set(p.parentId, list);
    }
  }
  // Cycle check: walk up from every unit.
  const state = new Map<string, 1 | 2>();
  for (const id of placement.keys()) {
    const path: string[] = [];
    let cur: string | null = id;
    while (cur !== null && placement.has(cur) && state.get(cur) !== 2) {
      if (state.get(cur) === 1)
        throw new RollupError(
          `org tree has a cycle in ${range.code}: ${[...path.slice(path.indexOf(cur)), cur].join(' → ')}`,
        );
      state.set(cur, 1);
      path.push(cur);
      cur = placement.get(cur)!.parentId;
    }
    for (const p of path) state.set(p, 2);
  }
  return { range, placement, children };
}

/** Ancestors of a unit in a period, parent first (stops at a root or an orphan). */
export function ancestorsIn(tree: PeriodTree, id: string): string[] {
  const out: string[] = [];
  let cur = tree.placement.get(id)?.parentId ?? null;
  while (cur !== null && tree.placement.has(cur)) {
    out.push(cur);
    cur = tree.placement.get(cur)!.parentId;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Roll-up

export interface RollupOptions {
  /** Segments to always report (with empty cells when there is no data). */
  segments?: readonly string[];
}

function emptyCell(): Cell {
  return { numerator: Rational.ZERO, denominator: Rational.ZERO, value: null, contributors: 0 };
}

function addInto(cell: Cell, num: Rational, den: Rational, contributors: number): void {
  cell.numerator = cell.numerator.add(num);
  cell.denominator = cell.denominator.add(den);
  cell.contributors += contributors;
}

const astOf = (f: Expr | { ast: Expr }): Expr => ('ast' in f ? f.ast : f);

/** Evaluates an indicator's numerator and denominator over one unit's own values. */
export function contributionOf(
  indicator: RollupIndicator,
  values: DataValues,
): { numerator: Rational | null; denominator: Rational | null } {
  const opts: EvaluateOptions = {
    missing: indicator.missing ?? 'zero',
    pending: indicator.pendingElements,
  };
  return {
    numerator: evaluate(astOf(indicator.numerator), values, opts),
    denominator: evaluate(astOf(indicator.denominator), values, opts),
  };
}

/**
 * Rolls an indicator up the tree for one period. `values` may hold other periods and elements:
 * only the period's code and the indicator's elements are used. Two values with the same key
 * (element, unit, period, segment) are an error: values are written idempotently by key.
 */
export function rollUp(
  indicator: RollupIndicator,
  units: readonly OrgUnit[],
  values: readonly DataValue[],
  range: PeriodRange,
  options: RollupOptions = {},
): RollupResult {
  const tree = treeForPeriod(units, range);
  const factor = Rational.from(indicator.factor ?? 1);
  const elements = new Set([
    ...referencesOf(astOf(indicator.numerator)),
    ...referencesOf(astOf(indicator.denominator)),
  ]);
  const { own, unattributed } = ownValues(tree, values, range, elements);
  const { nodes, orphans } = reportedNodes(tree, own, options.segments ?? []);
  const excluded = addContributions(indicator, tree, own, nodes);
  for (const node of nodes.values()) {
    for (const cell of [node.total, ...node.bySegment.values()]) {
      const q = cell.numerator.div(cell.denominator);
      cell.value = q === null ? null : q.mul(factor);
    }
  }
  const roots = [...nodes.values()].filter((n) => n.parentId === null).map((n) => n.orgUnitId);
  return { period: range, nodes, roots, unattributed, excluded, orphans };
}

/** Values per unit, segment and element: unit → segment → element → value. */
type OwnValues = Map<string, Map<string, Map<string, number | bigint>>>;

/** Own values per unit and segment (of the period and the indicator's elements only). */
function ownValues(
  tree: PeriodTree,
  values: readonly DataValue[],
  range: PeriodRange,
  elements: ReadonlySet<string>,
): { own: OwnValues; unattributed: DataValue[] } {
  const own: OwnValues = new Map();
  const unattributed: DataValue[] = [];
  for (const v of values) {
    if (v.period !== range.code || !elements.has(v.dataElement)) continue;
    if (!tree.placement.has(v.orgUnitId)) {
      unattributed.push(v);
      continue;
    }
    const bySeg = own.get(v.orgUnitId) ?? new Map<string, Map<string, number | bigint>>();
    own.set(v.orgUnitId, bySeg);
    const m = bySeg.get(v.segment) ?? new Map<string, number | bigint>();
    bySeg.set(v.segment, m);
    if (m.has(v.dataElement))
      throw new RollupError(
        `duplicate data value ${v.dataElement} × ${v.orgUnitId} × ${v.period} × ${v.segment}`,
      );
    m.set(v.dataElement, v.value);
  }
  return { own, unattributed };
}

/**
 * The reported units — in force on the period's last day, or with values of their own, and
 * their ancestors — as empty nodes; units whose parent is unknown are orphans (roots).
 */
function reportedNodes(
  tree: PeriodTree,
  own: OwnValues,
  segments: readonly string[],
): { nodes: Map<string, NodeResult>; orphans: string[] } {
  const included = new Set<string>();
  for (const [id, p] of tree.placement) if (p.inForceOnLastDay) included.add(id);
  for (const id of own.keys()) included.add(id);
  for (const id of [...included]) for (const a of ancestorsIn(tree, id)) included.add(a);

  const nodes = new Map<string, NodeResult>();
  const orphans: string[] = [];
  for (const id of included) {
    const p = tree.placement.get(id)!;
    const parentKnown = p.parentId !== null && tree.placement.has(p.parentId);
    if (p.parentId !== null && !parentKnown) orphans.push(id);
    const bySegment = new Map<string, Cell>();
    for (const s of segments) bySegment.set(s, emptyCell());
    nodes.set(id, {
      orgUnitId: id,
      parentId: parentKnown ? p.parentId : null,
      inForceOnLastDay: p.inForceOnLastDay,
      bySegment,
      total: emptyCell(),
    });
  }
  return { nodes, orphans };
}

/**
 * Each unit's contribution per segment, added into it and every ancestor (ratio of sums);
 * a contribution whose numerator or denominator is null is excluded, with the reason.
 */
function addContributions(
  indicator: RollupIndicator,
  tree: PeriodTree,
  own: OwnValues,
  nodes: Map<string, NodeResult>,
): Exclusion[] {
  const excluded: Exclusion[] = [];
  for (const [id, bySeg] of own) {
    const chain = [id, ...ancestorsIn(tree, id)];
    for (const [segment, vals] of bySeg) {
      const c = contributionOf(indicator, vals);
      if (c.numerator === null || c.denominator === null) {
        excluded.push({
          orgUnitId: id,
          segment,
          reason: c.numerator === null ? 'numerator is null' : 'denominator is null',
        });
        continue;
      }
      for (const nodeId of chain) {
        const node = nodes.get(nodeId)!;
        let cell = node.bySegment.get(segment);
        if (!cell) node.bySegment.set(segment, (cell = emptyCell()));
        addInto(cell, c.numerator, c.denominator, 1);
        addInto(node.total, c.numerator, c.denominator, 1);
      }
    }
  }
  return excluded;
}

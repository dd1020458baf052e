/**
 * Many organisation units at once (an import, the demo province): each item is a unit with the
 * history it had, as the single routes would have built it one call after another: created
 * under its first parent, then its dated place changes, then its end naming its successors.
 * Items refer to their parents and successors by code, in the batch or already in the registry.
 * Pure: the same tree rules as the single routes (createOrgUnit, changePlace, endOrgUnit); every
 * failing item is reported, not only the first.
 */
import type { OrgUnitKind, SchoolAttributes } from '@qn/contracts';
import { changePlace, createOrgUnit, endOrgUnit, OrgUnitRuleError, OrgUnitState } from './org-unit';

/** The most units one batch may hold (the request body is limited to 1 MiB as well). */
export const MAX_BATCH_ITEMS = 2000;

export interface BatchPlaceChange {
  effectiveFrom: string;
  name?: string;
  /** The new parent's code; absent: the parent stays. */
  parentCode?: string;
}

export interface BatchItem {
  code: string;
  kind: OrgUnitKind;
  name: string;
  /** The unit's parent when it starts (code of a unit in the batch or in the registry). */
  parentCode?: string | null;
  validFrom: string;
  school?: SchoolAttributes | null;
  placeChanges?: BatchPlaceChange[];
  end?: { validTo: string; successorCodes: string[] };
}

export interface BatchProblem {
  /** `items.<index>.<field>`, as the request's validation names fields. */
  field: string;
  message: string;
  /** A clash with a unit already in the registry (409); otherwise a broken rule (422). */
  conflict: boolean;
}

export interface BatchOutcome {
  index: number;
  state: OrgUnitState;
  /** `unchanged`: the registry already holds this very unit (a re-sent batch). */
  status: 'created' | 'unchanged';
}

const upper = (code: string) => code.trim().toUpperCase();

/** What makes two units the same unit (the revision counts changes, not content; stored JSON may order keys differently). */
const sameUnit = (a: OrgUnitState, b: OrgUnitState): boolean => {
  const versions = (u: OrgUnitState) =>
    u.versions.map((v) => [v.validFrom, v.validTo ?? null, v.parentId ?? null, v.name]);
  const school = (u: OrgUnitState) =>
    u.school ? [[...u.school.levels].sort(), u.school.segment, u.school.ownership] : null;
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  return (
    a.code === b.code &&
    a.kind === b.kind &&
    a.validFrom === b.validFrom &&
    (a.validTo ?? null) === (b.validTo ?? null) &&
    same(a.successorIds, b.successorIds) &&
    same(versions(a), versions(b)) &&
    same(school(a), school(b))
  );
};

/** Parents before children: the items in an order where each comes after its batch parent. */
function creationOrder(
  items: BatchItem[],
  indexOf: Map<string, number>,
  problem: (i: number, field: string, message: string) => void,
): number[] {
  const order: number[] = [];
  const state = new Array<'new' | 'visiting' | 'done'>(items.length).fill('new');
  const visit = (i: number, path: number[]): void => {
    if (state[i] === 'done') return;
    if (state[i] === 'visiting') {
      problem(
        i,
        'parentCode',
        `the parents form a cycle (${path.map((p) => items[p].code).join(' → ')})`,
      );
      return;
    }
    state[i] = 'visiting';
    const parent = items[i].parentCode ? indexOf.get(upper(items[i].parentCode!)) : undefined;
    if (parent !== undefined) visit(parent, [...path, i]);
    state[i] = 'done';
    order.push(i);
  };
  items.forEach((_, i) => visit(i, [i]));
  return order;
}

/**
 * The units a batch makes, checked by the tree rules. `existing` holds the registry's units the
 * batch names (its codes and the codes it refers to), by upper-case code. An item whose code is
 * already in the registry must describe that unit exactly (then it is `unchanged`), otherwise it
 * is a conflict.
 */
export function planOrgUnitBatch(
  items: BatchItem[],
  existing: ReadonlyMap<string, OrgUnitState>,
  newId: () => string,
): { outcomes: BatchOutcome[]; problems: BatchProblem[] } {
  const problems: BatchProblem[] = [];
  const failed = new Set<number>();
  const problem = (i: number, field: string, message: string, conflict = false) => {
    problems.push({ field: `items.${i}.${field}`, message, conflict });
    failed.add(i);
  };
  const indexOf = new Map<string, number>();
  items.forEach((item, i) => {
    const code = upper(item.code);
    const first = indexOf.get(code);
    if (first !== undefined) problem(i, 'code', `repeats the code of item ${first}`);
    else indexOf.set(code, i);
  });

  /** Working state by code: the registry's units, replaced by the batch's as they are built. */
  const units = new Map(existing);
  const built = new Map<number, OrgUnitState>();
  const resolve = (i: number, code: string, field: string): OrgUnitState | undefined => {
    const batchIndex = indexOf.get(upper(code));
    if (batchIndex !== undefined && failed.has(batchIndex) && batchIndex !== i) {
      problem(i, field, `item ${batchIndex} (${code}) is not valid`);
      return undefined;
    }
    const unit = units.get(upper(code));
    if (!unit)
      problem(i, field, `no organisation unit with code ${code} in the batch or the registry`);
    return unit;
  };
  const rule = (i: number, prefix: string, rename: Record<string, string>, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof OrgUnitRuleError)) throw err;
      const field = err.errors?.[0]?.field ?? 'code';
      problem(i, `${prefix}${rename[field] ?? field}`, err.detail ?? err.message);
    }
  };

  // 1. Every unit as it started, parents first.
  for (const i of creationOrder(items, indexOf, problem)) {
    if (failed.has(i)) continue;
    const item = items[i];
    const parent = item.parentCode ? resolve(i, item.parentCode, 'parentCode') : null;
    if (parent === undefined) continue;
    const stored = existing.get(upper(item.code));
    rule(i, '', { parentId: 'parentCode' }, () => {
      const state = createOrgUnit(
        {
          id: stored?.id ?? newId(),
          code: item.code,
          kind: item.kind,
          name: item.name,
          validFrom: item.validFrom,
          school: item.school ?? null,
        },
        parent,
      );
      built.set(i, state);
      units.set(state.code, state);
    });
  }

  // 2. Place changes and ends in date order across the batch (on the same day, moves first), as
  //    the single routes would have applied them, so a parent's end is in force for later moves.
  type Step =
    | { i: number; at: string; k: number; change: BatchPlaceChange }
    | { i: number; at: string; end: NonNullable<BatchItem['end']> };
  const steps: Step[] = [];
  items.forEach((item, i) => {
    (item.placeChanges ?? []).forEach((change, k) =>
      steps.push({ i, at: change.effectiveFrom, k, change }),
    );
    if (item.end) steps.push({ i, at: item.end.validTo, end: item.end });
  });
  steps.sort(
    (a, b) => a.at.localeCompare(b.at) || Number('end' in a) - Number('end' in b) || a.i - b.i,
  );
  for (const step of steps) {
    const unit = built.get(step.i);
    if (!unit || failed.has(step.i)) continue;
    if ('change' in step) {
      const prefix = `placeChanges.${step.k}.`;
      const { parentCode, name, effectiveFrom } = step.change;
      const parent =
        parentCode === undefined ? undefined : resolve(step.i, parentCode, `${prefix}parentCode`);
      if (parentCode !== undefined && !parent) continue;
      rule(step.i, prefix, { parentId: 'parentCode' }, () => {
        const next = changePlace(unit, { effectiveFrom, name, parent });
        built.set(step.i, next);
        units.set(next.code, next);
      });
    } else {
      const successors = step.end.successorCodes.map((c, k) =>
        resolve(step.i, c, `end.successorCodes.${k}`),
      );
      if (successors.some((s) => !s)) continue;
      rule(step.i, 'end.', { successorIds: 'successorCodes' }, () => {
        const next = endOrgUnit(unit, step.end.validTo, successors as OrgUnitState[]);
        built.set(step.i, next);
        units.set(next.code, next);
      });
    }
  }

  // 3. Units already in the registry: the same unit again, or a clash.
  const outcomes: BatchOutcome[] = [];
  for (const [i, state] of [...built].sort((a, b) => a[0] - b[0])) {
    if (failed.has(i)) continue;
    const stored = existing.get(state.code);
    if (!stored) outcomes.push({ index: i, state, status: 'created' });
    else if (sameUnit(stored, state))
      outcomes.push({ index: i, state: stored, status: 'unchanged' });
    else
      problem(
        i,
        'code',
        `${state.code} is already in use by a unit that differs from this item (kind, name, parent, dates, successors or school)`,
        true,
      );
  }
  return { outcomes: problems.length ? [] : outcomes, problems };
}

/** The codes a batch refers to (its own and those of parents and successors), upper-case. */
export function codesNamedBy(items: BatchItem[]): string[] {
  const codes = new Set<string>();
  for (const item of items) {
    codes.add(upper(item.code));
    if (item.parentCode) codes.add(upper(item.parentCode));
    for (const c of item.placeChanges ?? []) if (c.parentCode) codes.add(upper(c.parentCode));
    for (const c of item.end?.successorCodes ?? []) codes.add(upper(c));
  }
  return [...codes];
}

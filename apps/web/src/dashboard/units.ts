import type { Cell, NodeView } from '../api/kpi';
import { statusDisplay } from '../status';
import type { SortKey } from './view-state';

/** A child unit's row: its cell for the segment viewed, and how far it is from where it should be. */
export interface UnitRow {
  id: string;
  name: string;
  kind: string | null;
  cell: Cell | null;
  /** value − expected (else − target): negative is behind. */
  gap: number | null;
}

export function cellOf(
  node: { total: Cell; bySegment: Record<string, Cell> },
  segment: string | null,
): Cell | null {
  return segment ? (node.bySegment[segment] ?? null) : node.total;
}

export function gapOf(cell: Cell | null): number | null {
  if (!cell || cell.value === null) return null;
  const ref = cell.expected ?? cell.target;
  return ref === null || ref === undefined ? null : cell.value - ref;
}

export function unitRows(children: NodeView[], segment: string | null): UnitRow[] {
  return children.map((c) => {
    const cell = cellOf(c, segment);
    return { id: c.orgUnitId, name: c.name ?? c.orgUnitId, kind: c.kind, cell, gap: gapOf(cell) };
  });
}

const collator = new Intl.Collator('vi-VN');

/**
 * Rows sorted: by gap (most behind first; units without a gap last), by value (highest first;
 * without a value last) or by name (Vietnamese order); then filtered by status.
 */
export function sortAndFilter(rows: UnitRow[], sort: SortKey, status: string | null): UnitRow[] {
  const byName = (a: UnitRow, b: UnitRow) => collator.compare(a.name, b.name);
  const nullsLast = (a: number | null, b: number | null, dir: 1 | -1) =>
    a === null ? (b === null ? 0 : 1) : b === null ? -1 : (a - b) * dir;
  const sorted = [...rows].sort((a, b) => {
    if (sort === 'name') return byName(a, b);
    if (sort === 'value')
      return nullsLast(a.cell?.value ?? null, b.cell?.value ?? null, -1) || byName(a, b);
    return (
      nullsLast(a.gap, b.gap, 1) ||
      statusDisplay(a.cell?.status ?? '').rank - statusDisplay(b.cell?.status ?? '').rank ||
      byName(a, b)
    );
  });
  return status ? sorted.filter((r) => r.cell?.status === status) : sorted;
}

/** Printing figures: numbers that may be missing, aligned text tables. */

/** A figure with `digits` decimals, or `n/a` when it is missing or not finite. */
export const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits);

/**
 * A plain text table: the first column left-aligned, the others right-aligned, a dashed rule
 * under the head, columns two spaces apart.
 */
export function textTable(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

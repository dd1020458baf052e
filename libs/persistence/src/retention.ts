import { DataSource } from 'typeorm';

export interface RetentionRule {
  /** A table of the service's schema, e.g. `processed_event`. */
  table: string;
  /** Its timestamp column; rows older than `olderThanSeconds` by it are deleted. */
  column: string;
  olderThanSeconds: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Deletes the rows a rule lets go, in batches, so a large backlog never holds one long
 * transaction or a lock on the whole table; replicas doing the same at once skip each other's
 * rows. Returns how many rows went.
 */
export async function deleteExpiredRows(
  ds: DataSource,
  rule: RetentionRule,
  batchSize = 5000,
): Promise<number> {
  if (!IDENTIFIER.test(rule.table) || !IDENTIFIER.test(rule.column))
    throw new Error(`retention rule names must be plain identifiers: ${rule.table}.${rule.column}`);
  let total = 0;
  for (;;) {
    const [, deleted] = (await ds.query(
      `DELETE FROM ${rule.table} WHERE ctid IN (
         SELECT ctid FROM ${rule.table}
          WHERE ${rule.column} < now() - make_interval(secs => $1)
          LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [rule.olderThanSeconds, batchSize],
    )) as [unknown, number];
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

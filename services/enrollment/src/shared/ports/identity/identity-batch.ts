import type { IdentityAnswer, IdentityQuery } from '../identity-verifier';

/**
 * The checks every adapter makes on a batch before answering it: at most `maxBatch` queries,
 * refs unique. A RangeError is the caller's mistake (not the register's unavailability).
 */
export function checkIdentityBatch(batch: readonly IdentityQuery[], maxBatch: number): void {
  if (batch.length > maxBatch)
    throw new RangeError(
      `an identity batch takes at most ${maxBatch} queries, got ${batch.length}`,
    );
  const refs = new Set(batch.map((q) => q.ref));
  if (refs.size !== batch.length) throw new RangeError('identity query refs must be unique');
}

/** Whether `answers` are exactly one per query, with the same refs. */
export function answersMatch(
  batch: readonly IdentityQuery[],
  answers: readonly IdentityAnswer[],
): boolean {
  if (answers.length !== batch.length) return false;
  const refs = new Set(batch.map((q) => q.ref));
  const seen = new Set<string>();
  for (const a of answers) {
    if (!refs.has(a.ref) || seen.has(a.ref)) return false;
    seen.add(a.ref);
  }
  return true;
}

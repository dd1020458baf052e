/**
 * Bốc thăm (lottery) for admission rounds: ONE seeded random order per round ("single
 * tie-breaking"), used by every school of the round to break ties that remain after tuyến
 * (catchment) and điểm ưu tiên (priority points), or after exam scores for grade 10.
 *
 * Commit–reveal protocol, so the draw is fair and auditable:
 *   1. Before applications close, the department draws a seed with {@link generateSeed} and
 *      publishes only its commitment {@link commitSeed} = SHA-256(seed) (lowercase hex).
 *   2. After the application list is frozen and published, the seed itself is revealed.
 *   3. Anyone checks SHA-256(seed) against the published commitment ({@link verifySeed}) and
 *      re-computes every lottery number with {@link lotteryOrder} — or by hand, see below.
 * The seed cannot be chosen after the applicants are known (it is committed), and the
 * applicants cannot predict their number (the seed is secret until the list is frozen).
 *
 * How to re-compute the order without this code (any SHA-256 / HMAC tool):
 *   - ticket(id) = HMAC-SHA256(key = UTF-8 bytes of the seed, message = UTF-8 bytes of the
 *     applicant id), written as 64 lowercase hex characters. In a shell:
 *       printf '%s' "$APPLICANT_ID" | openssl dgst -sha256 -hmac "$SEED"
 *     HMAC needs nothing but SHA-256 (RFC 2104): with K = the key padded with zero bytes to
 *     64 bytes (a key longer than 64 bytes is first replaced by its SHA-256),
 *     ticket = SHA-256((K xor 0x5c…) ‖ SHA-256((K xor 0x36…) ‖ id)).
 *   - Sort all applicants of the round by ticket, ascending (string order of the hex digests =
 *     numeric order of the 256-bit numbers); if two tickets were ever equal (probability
 *     ~2^-256), the applicant id decides (ascending, by UTF-16 code units).
 *   - The lottery number is the 1-based position in that list: number 1 is the luckiest; a
 *     LOWER number wins a tie.
 * The order depends only on the seed and on each applicant's own id, never on the order in
 * which applications were listed, nor on which other applicants exist (adding or withdrawing
 * one application shifts numbers by one but never swaps two other applicants).
 *
 * Applicant ids used here are published with the lottery table: use the application number
 * (mã hồ sơ), never the 12-digit personal identification number (mã định danh cá nhân).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh, unpredictable seed: 32 random bytes as 64 lowercase hex characters. */
export function generateSeed(): string {
  return randomBytes(32).toString('hex');
}

/** The commitment published before the draw: SHA-256 of the seed's UTF-8 bytes, lowercase hex. */
export function commitSeed(seed: string): string {
  assertSeed(seed);
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}

/**
 * True when `seed` is the value committed by `commitment` (hex, either case). Malformed input
 * answers false rather than throwing: this is what an auditor calls on published data.
 */
export function verifySeed(seed: string, commitment: string): boolean {
  if (typeof seed !== 'string' || seed.length === 0) return false;
  if (typeof commitment !== 'string' || !/^[0-9a-fA-F]{64}$/.test(commitment)) return false;
  const expected = Buffer.from(commitSeed(seed), 'hex');
  const given = Buffer.from(commitment.toLowerCase(), 'hex');
  return timingSafeEqual(expected, given);
}

/** The applicant's ticket: HMAC-SHA256(key = seed, message = applicantId), lowercase hex. */
export function lotteryTicket(seed: string, applicantId: string): string {
  assertSeed(seed);
  return createHmac('sha256', seed).update(applicantId, 'utf8').digest('hex');
}

/** One row of the published lottery table. */
export interface LotteryEntry {
  applicantId: string;
  ticket: string;
  /** 1-based; lower wins ties. */
  number: number;
}

/**
 * The full lottery table of a round, sorted by number (1 first), for publication next to the
 * revealed seed.
 */
export function lotteryTable(seed: string, applicantIds: readonly string[]): LotteryEntry[] {
  assertSeed(seed);
  const seen = new Set<string>();
  const rows: LotteryEntry[] = new Array(applicantIds.length);
  // One HMAC key object per call is not offered by node:crypto; createHmac per id costs ~2 µs.
  for (let i = 0; i < applicantIds.length; i++) {
    const id = applicantIds[i];
    if (typeof id !== 'string' || id.length === 0)
      throw new Error(`lottery: applicant id #${i} is empty`);
    if (seen.has(id)) throw new Error(`lottery: duplicate applicant id ${JSON.stringify(id)}`);
    seen.add(id);
    rows[i] = {
      applicantId: id,
      ticket: createHmac('sha256', seed).update(id, 'utf8').digest('hex'),
      number: 0,
    };
  }
  rows.sort(
    (a, b) =>
      compareCodeUnits(a.ticket, b.ticket) || compareCodeUnits(a.applicantId, b.applicantId),
  );
  for (let i = 0; i < rows.length; i++) rows[i].number = i + 1;
  return rows;
}

/**
 * The round's lottery: applicant id → lottery number (1 = luckiest). A permutation of
 * 1..n determined by the seed and the ids alone (see the file comment for the recipe).
 * Throws on duplicate or empty ids.
 */
export function lotteryOrder(seed: string, applicantIds: readonly string[]): Map<string, number> {
  const order = new Map<string, number>();
  for (const row of lotteryTable(seed, applicantIds)) order.set(row.applicantId, row.number);
  return order;
}

/** Plain UTF-16 code-unit order (what `Array.prototype.sort` uses by default), as a comparator. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function assertSeed(seed: string): void {
  if (typeof seed !== 'string' || seed.length === 0)
    throw new Error('lottery: the seed must be a non-empty string');
}

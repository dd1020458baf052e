import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  commitSeed,
  generateSeed,
  lotteryOrder,
  lotteryTable,
  lotteryTicket,
  verifySeed,
} from './lottery';

/** HMAC-SHA256 from plain SHA-256 only (RFC 2104), as an outside auditor would write it. */
function hmacFromSha256(key: string, message: string): string {
  const sha = (b: Buffer) => createHash('sha256').update(b).digest();
  let k = Buffer.from(key, 'utf8');
  if (k.length > 64) k = sha(k);
  k = Buffer.concat([k, Buffer.alloc(64 - k.length)]);
  const ipad = Buffer.from(k.map((x) => x ^ 0x36));
  const opad = Buffer.from(k.map((x) => x ^ 0x5c));
  return sha(
    Buffer.concat([opad, sha(Buffer.concat([ipad, Buffer.from(message, 'utf8')]))]),
  ).toString('hex');
}

/** The published recipe, re-implemented from the documentation. */
function auditorOrder(seed: string, ids: string[]): Map<string, number> {
  const rows = ids.map((id) => ({ id, t: hmacFromSha256(seed, id) }));
  rows.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return new Map(rows.map((r, i) => [r.id, i + 1]));
}

const idsArb = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }), {
  maxLength: 40,
});
const seedArb = fc.string({ minLength: 1, maxLength: 100, unit: 'grapheme' });

describe('seed commitment', () => {
  it('commitSeed is the SHA-256 hex of the seed (FIPS 180-2 test vector)', () => {
    expect(commitSeed('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('verifySeed accepts the committed seed (any hex case) and refuses anything else', () => {
    const seed = generateSeed();
    const c = commitSeed(seed);
    expect(verifySeed(seed, c)).toBe(true);
    expect(verifySeed(seed, c.toUpperCase())).toBe(true);
    expect(verifySeed(seed + ' ', c)).toBe(false);
    expect(verifySeed(generateSeed(), c)).toBe(false);
    expect(verifySeed(seed, c.slice(1))).toBe(false);
    expect(verifySeed(seed, 'z'.repeat(64))).toBe(false);
    expect(verifySeed('', commitSeed('x'))).toBe(false);
  });

  it('generateSeed gives 32 fresh random bytes in hex', () => {
    const seeds = new Set(Array.from({ length: 100 }, generateSeed));
    expect(seeds.size).toBe(100);
    for (const s of seeds) expect(s).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an empty seed is refused', () => {
    expect(() => commitSeed('')).toThrow(/seed/);
    expect(() => lotteryOrder('', ['a'])).toThrow(/seed/);
  });
});

describe('lotteryOrder', () => {
  it('tickets are HMAC-SHA256(seed, id) (RFC 4231-style known answer)', () => {
    expect(lotteryTicket('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('an outsider re-computes exactly the same numbers with nothing but SHA-256 (incl. long and Unicode seeds)', () => {
    fc.assert(
      fc.property(
        fc.oneof(seedArb, fc.string({ minLength: 65, maxLength: 200 })),
        idsArb,
        (seed, ids) => {
          expect(lotteryOrder(seed, ids)).toEqual(auditorOrder(seed, ids));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is a permutation of 1..n', () => {
    fc.assert(
      fc.property(seedArb, idsArb, (seed, ids) => {
        const order = lotteryOrder(seed, ids);
        expect([...order.keys()].sort()).toEqual([...ids].sort());
        expect([...order.values()].sort((a, b) => a - b)).toEqual(ids.map((_, i) => i + 1));
      }),
    );
  });

  it('is reproducible from the seed and independent of the order of the input', () => {
    fc.assert(
      fc.property(
        seedArb,
        idsArb.chain((ids) =>
          fc.tuple(
            fc.constant(ids),
            fc.shuffledSubarray(ids, { minLength: ids.length, maxLength: ids.length }),
          ),
        ),
        (seed, [ids, shuffled]) => {
          const a = lotteryOrder(seed, ids);
          const b = lotteryOrder(seed, shuffled);
          for (const id of ids) expect(b.get(id)).toBe(a.get(id));
          expect(lotteryOrder(seed, ids)).toEqual(a);
        },
      ),
    );
  });

  it('withdrawing applications never swaps two remaining applicants', () => {
    fc.assert(
      fc.property(
        seedArb,
        idsArb.chain((ids) => fc.tuple(fc.constant(ids), fc.subarray(ids))),
        (seed, [ids, kept]) => {
          const full = lotteryOrder(seed, ids);
          const part = lotteryOrder(seed, kept);
          const byFull = [...kept].sort((x, y) => full.get(x)! - full.get(y)!);
          const byPart = [...kept].sort((x, y) => part.get(x)! - part.get(y)!);
          expect(byPart).toEqual(byFull);
        },
      ),
    );
  });

  it('a fixed seed gives a fixed published table (regression: the recipe must never change)', () => {
    const table = lotteryTable('tuyen-sinh-lop-1-2025', ['HS001', 'HS002', 'HS003']);
    for (const row of table)
      expect(row.ticket).toBe(hmacFromSha256('tuyen-sinh-lop-1-2025', row.applicantId));
    expect(table.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(table[0].ticket < table[1].ticket && table[1].ticket < table[2].ticket).toBe(true);
  });

  it('different seeds give different orders', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `HS${i}`);
    const a = [...lotteryOrder('seed-A', ids)].sort((x, y) => x[1] - y[1]).map(([id]) => id);
    const b = [...lotteryOrder('seed-B', ids)].sort((x, y) => x[1] - y[1]).map(([id]) => id);
    expect(a).not.toEqual(b);
  });

  it('is fair: over 3,000 seeds each of 3 applicants draws number 1 about a third of the time', () => {
    const wins = new Map<string, number>([
      ['x', 0],
      ['y', 0],
      ['z', 0],
    ]);
    for (let k = 0; k < 3000; k++) {
      const order = lotteryOrder(`seed-${k}`, ['x', 'y', 'z']);
      for (const [id, n] of order) if (n === 1) wins.set(id, wins.get(id)! + 1);
    }
    // Expected 1,000 each, σ ≈ 26: ±150 is more than 5σ.
    for (const w of wins.values()) expect(Math.abs(w - 1000)).toBeLessThan(150);
  });

  it('refuses duplicate or empty ids', () => {
    expect(() => lotteryOrder('s', ['a', 'b', 'a'])).toThrow(/duplicate/);
    expect(() => lotteryOrder('s', ['a', ''])).toThrow(/empty/);
    expect(lotteryOrder('s', [])).toEqual(new Map());
  });
});

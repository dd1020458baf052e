import { buildDemoProvince, DEMO_SCHOOL_MOVES } from './quang-ninh';
import { planDemoLoad } from './demo-plan';

describe('demo load plan', () => {
  const units = buildDemoProvince(2025);
  const ops = planDemoLoad(units, DEMO_SCHOOL_MOVES);

  it('creates every unit once, each after its parent', () => {
    const created = new Set<string>();
    for (const o of ops) {
      if (o.op !== 'create') continue;
      if (o.parentCode) expect(created.has(o.parentCode)).toBe(true);
      expect(created.has(o.unit.code)).toBe(false);
      created.add(o.unit.code);
    }
    expect(created.size).toBe(units.length);
  });

  it('puts schools opened before 1 July 2025 under a district first, then moves them to their commune that day', () => {
    const byCode = new Map(units.map((u) => [u.code, u]));
    const old = units.find(
      (u) => u.kind === 'school' && u.validFrom < '2025-07-01' && u.validTo === null,
    )!;
    const create = ops.find((o) => o.op === 'create' && o.unit.code === old.code)!;
    expect(['district', 'province']).toContain(
      byCode.get((create as { parentCode: string }).parentCode)!.kind,
    );
    expect(ops).toContainEqual({
      op: 'move',
      code: old.code,
      parentCode: old.parentCode,
      effectiveFrom: '2025-07-01',
    });
  });

  it('ends the 13 districts on 1 July 2025 after their schools moved, and applies later moves in date order', () => {
    const ends = ops.filter((o) => o.op === 'end' && o.validTo === '2025-07-01');
    expect(ends).toHaveLength(13);
    const firstEnd = ops.findIndex((o) => o.op === 'end');
    const lastReorgMove = ops
      .map((o, i) => (o.op === 'move' && o.effectiveFrom === '2025-07-01' ? i : -1))
      .reduce((a, b) => Math.max(a, b));
    expect(lastReorgMove).toBeLessThan(firstEnd);
    const laterMoves = ops
      .filter((o) => o.op === 'move' && o.effectiveFrom > '2025-07-01')
      .map((o) => (o as { effectiveFrom: string }).effectiveFrom);
    expect(laterMoves).toEqual([...laterMoves].sort());
    expect(laterMoves).toHaveLength(DEMO_SCHOOL_MOVES.length);
  });
});

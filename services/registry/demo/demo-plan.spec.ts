import { buildDemoProvince, DEMO_SCHOOL_MOVES } from './quang-ninh';
import { DEMO_BATCH_LIMIT, planDemoLoad } from './demo-plan';

describe('demo load plan (one batch of POST /org-units/batch)', () => {
  const units = buildDemoProvince(2025);
  const items = planDemoLoad(units, DEMO_SCHOOL_MOVES);
  const byCode = new Map(units.map((u) => [u.code, u]));

  it('has every unit once, each after its parent, in one batch the registry accepts', () => {
    const seen = new Set<string>();
    for (const item of items) {
      if (item.parentCode) expect(seen.has(item.parentCode)).toBe(true);
      expect(seen.has(item.code)).toBe(false);
      seen.add(item.code);
    }
    expect(seen.size).toBe(units.length);
    expect(items.length).toBeLessThanOrEqual(DEMO_BATCH_LIMIT);
    // the request body stays well under the registry's 1 MiB limit
    expect(JSON.stringify({ items }).length).toBeLessThan(700 * 1024);
  });

  it("loads the schools at the department's counts by level (in force in 2025-2026)", () => {
    const today = '2026-01-01';
    const count: Record<string, number> = {};
    for (const item of items) {
      const unit = byCode.get(item.code)!;
      if (!item.school || (item.end && item.end.validTo <= today) || unit.validFrom > today)
        continue;
      for (const level of item.school.levels) count[level] = (count[level] ?? 0) + 1;
    }
    // single-level schools: 591 preschools, 155 primary, 186 THCS; 6 TH&THCS and 2 THCS&THPT on top
    expect(count).toEqual({
      preschool: 591,
      primary: 155 + 6,
      'lower-secondary': 186 + 6 + 2,
      'upper-secondary': 59,
      continuing: 14,
    });
  });

  it('puts schools opened before 1 July 2025 under a district first, then moves them to their commune that day', () => {
    const old = units.find(
      (u) =>
        u.kind === 'school' &&
        u.validFrom < '2025-07-01' &&
        u.validTo === null &&
        !DEMO_SCHOOL_MOVES.some((m) => m.schoolCode === u.code),
    )!;
    const item = items.find((i) => i.code === old.code)!;
    expect(['district', 'province']).toContain(byCode.get(item.parentCode!)!.kind);
    expect(item.placeChanges).toEqual([
      { effectiveFrom: '2025-07-01', parentCode: old.parentCode },
    ]);
    const opened = items.find((i) => byCode.get(i.code)!.validFrom > '2025-07-01' && i.school)!;
    expect(opened.placeChanges).toBeUndefined();
    expect(byCode.get(opened.parentCode!)!.kind).not.toBe('district');
  });

  it('ends the 13 districts on 1 July 2025 with their successors, and adds the later moves in date order', () => {
    const ends = items.filter((i) => i.end?.validTo === '2025-07-01');
    expect(ends.map((i) => i.kind)).toEqual(Array(13).fill('district'));
    for (const d of ends) expect(d.end!.successorCodes.length).toBeGreaterThan(0);
    for (const m of DEMO_SCHOOL_MOVES) {
      const changes = items.find((i) => i.code === m.schoolCode)!.placeChanges!;
      expect(changes).toContainEqual({
        effectiveFrom: m.effectiveFrom,
        parentCode: m.newParentCode,
      });
      expect(changes.map((c) => c.effectiveFrom)).toEqual(
        changes.map((c) => c.effectiveFrom).sort(),
      );
    }
    const closed = items.filter((i) => i.kind === 'school' && i.end);
    expect(closed.length).toBeGreaterThanOrEqual(1);
  });
});

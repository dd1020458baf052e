import type { AreaSegment, SchoolLevel } from '@qn/contracts';
import {
  buildDemoProvince,
  DEMO_REORGANISATION_DATE,
  DEMO_SCHOOL_MOVES,
  type DemoOrgUnit,
} from './quang-ninh';

const COMMUNE_LEVEL = new Set(['commune', 'ward', 'special-zone']);
const REORG = DEMO_REORGANISATION_DATE;

const validAt = (u: DemoOrgUnit, date: string): boolean =>
  u.validFrom <= date && (u.validTo === null || date < u.validTo);
const has = (u: DemoOrgUnit, level: SchoolLevel): boolean =>
  u.school?.levels.includes(level) ?? false;
const levelsKey = (u: DemoOrgUnit): string => [...u.school!.levels].sort().join('+');

describe.each([2025, 7, 31337])('buildDemoProvince(%i)', (seed) => {
  const units = buildDemoProvince(seed);
  const byCode = new Map(units.map((u) => [u.code, u]));
  const schools = units.filter((u) => u.kind === 'school');
  const communes = units.filter((u) => COMMUNE_LEVEL.has(u.kind));
  const districts = units.filter((u) => u.kind === 'district');

  /** Parent of each school after applying the 2025-2026 moves. */
  const currentParent = (s: DemoOrgUnit): string =>
    DEMO_SCHOOL_MOVES.find((m) => m.schoolCode === s.code)?.newParentCode ?? s.parentCode!;

  it('is deterministic for the same seed and varies with the seed', () => {
    expect(JSON.stringify(buildDemoProvince(seed))).toBe(JSON.stringify(units));
    expect(JSON.stringify(buildDemoProvince(seed + 1))).not.toBe(JSON.stringify(units));
    if (seed === 2025) expect(JSON.stringify(buildDemoProvince())).toBe(JSON.stringify(units));
  });

  it('has globally unique codes', () => {
    expect(byCode.size).toBe(units.length);
    for (const u of units) expect(u.code).toMatch(/^QN(-[A-Z0-9]+)*$/);
  });

  it('has one province root and every parentCode exists', () => {
    const roots = units.filter((u) => u.parentCode === null);
    expect(roots.map((u) => u.kind)).toEqual(['province']);
    for (const u of units) if (u.parentCode !== null) expect(byCode.has(u.parentCode)).toBe(true);
  });

  it('has parents valid when the child starts and for its whole life', () => {
    for (const u of units) {
      if (u.parentCode === null) continue;
      const parent = byCode.get(u.parentCode)!;
      if (u.kind === 'school') expect(COMMUNE_LEVEL.has(parent.kind)).toBe(true);
      if (parent.validTo !== null)
        expect(u.validTo !== null && u.validTo <= parent.validTo).toBe(true);
      if (u.kind === 'school' && u.validFrom < REORG) {
        // before 2025-07-01 the school sat under a district that the new parent succeeded
        const predecessors = districts.filter((d) => d.successorCodes.includes(u.parentCode!));
        expect(predecessors.some((d) => validAt(d, u.validFrom))).toBe(true);
        expect(u.validTo === null || u.validTo > REORG).toBe(true);
      } else {
        expect(validAt(parent, u.validFrom)).toBe(true);
      }
    }
  });

  it('ends the 13 districts on 2025-07-01 with existing commune-level successors', () => {
    expect(districts).toHaveLength(13);
    for (const d of districts) {
      expect(d.parentCode).toBe('QN');
      expect(d.validTo).toBe('2025-07-01');
      expect(d.successorCodes.length).toBeGreaterThan(0);
      for (const code of d.successorCodes) {
        const successor = byCode.get(code);
        expect(successor && COMMUNE_LEVEL.has(successor.kind)).toBe(true);
        expect(successor!.validFrom).toBe(d.validTo);
      }
    }
  });

  it('has 54 commune-level units since 2025-07-01, each succeeding at least one district', () => {
    expect(communes).toHaveLength(54);
    const counts = { ward: 0, commune: 0, 'special-zone': 0 } as Record<string, number>;
    for (const c of communes) {
      counts[c.kind]++;
      expect(c.parentCode).toBe('QN');
      expect(c.validFrom).toBe('2025-07-01');
      expect(c.validTo).toBeNull();
      expect(districts.some((d) => d.successorCodes.includes(c.code))).toBe(true);
    }
    expect(counts).toEqual({ ward: 30, commune: 22, 'special-zone': 2 });
    expect(communes.filter((c) => c.kind === 'special-zone').map((c) => c.name)).toEqual([
      'Đặc khu Vân Đồn',
      'Đặc khu Cô Tô',
    ]);
  });

  it("has the department's school counts by level (schools in force in 2025-2026)", () => {
    const live = schools.filter((s) => validAt(s, '2026-01-01'));
    const count = (key: string): number => live.filter((s) => levelsKey(s) === key).length;
    expect(count('preschool')).toBe(591);
    expect(count('primary')).toBe(155);
    expect(count('lower-secondary')).toBe(186);
    expect(count('lower-secondary+primary')).toBe(6);
    const upper = live.filter((s) => has(s, 'upper-secondary'));
    expect(upper.length).toBe(59);
    expect(count('lower-secondary+upper-secondary')).toBe(2);
    expect(upper.filter((s) => s.school!.ownership === 'private').length).toBeGreaterThanOrEqual(2);
    expect(count('continuing')).toBe(14);
    expect(live.length).toBe(591 + 155 + 186 + 6 + 59 + 14);
    // two schools closed in 2025, merged into another
    expect(schools.length - live.length).toBe(2);
    const privateShare =
      schools.filter((s) => s.school!.ownership === 'private').length / schools.length;
    expect(privateShare).toBeGreaterThan(0.01);
    expect(privateShare).toBeLessThan(0.08);
  });

  it('spreads the schools over the communes and their area segments', () => {
    const live = schools.filter((s) => validAt(s, '2026-01-01'));
    const share = (segment: AreaSegment) =>
      live.filter((s) => s.school!.segment === segment).length / live.length;
    expect(share('urban')).toBeGreaterThan(0.5);
    expect(share('urban')).toBeLessThan(0.75);
    expect(share('rural')).toBeGreaterThan(0.08);
    expect(share('ethnic-minority-mountain')).toBeGreaterThan(0.12);
    expect(share('island')).toBeGreaterThan(0.03);
    // preschools are near home: at least one per commune-level unit and per former commune
    for (const c of communes) {
      const own = live.filter((s) => s.parentCode === c.code && has(s, 'preschool')).length;
      expect(own).toBeGreaterThanOrEqual(1);
    }
  });

  it('covers all four segments', () => {
    const segments = new Set<AreaSegment>(schools.map((s) => s.school!.segment));
    expect([...segments].sort()).toEqual(['ethnic-minority-mountain', 'island', 'rural', 'urban']);
  });

  it('gives every commune-level unit a preschool and a primary school, also after the moves', () => {
    const today = '2026-01-01';
    for (const c of communes) {
      const own = schools.filter((s) => validAt(s, today) && currentParent(s) === c.code);
      expect({ code: c.code, preschool: own.some((s) => has(s, 'preschool')) }).toEqual({
        code: c.code,
        preschool: true,
      });
      expect({ code: c.code, primary: own.some((s) => has(s, 'primary')) }).toEqual({
        code: c.code,
        primary: true,
      });
    }
  });

  it('has school names unique within each commune, before and after the moves', () => {
    for (const parentOf of [(s: DemoOrgUnit) => s.parentCode!, currentParent]) {
      const seen = new Set<string>();
      for (const s of schools) {
        const key = `${parentOf(s)}|${s.name}`;
        expect(seen.has(key) ? key : null).toBeNull();
        seen.add(key);
      }
    }
  });

  it('models school moves and closures consistently', () => {
    expect(DEMO_SCHOOL_MOVES.length).toBeGreaterThanOrEqual(2);
    for (const m of DEMO_SCHOOL_MOVES) {
      const school = byCode.get(m.schoolCode);
      const target = byCode.get(m.newParentCode);
      expect(school?.kind).toBe('school');
      expect(target && COMMUNE_LEVEL.has(target.kind)).toBe(true);
      expect(m.newParentCode).not.toBe(school!.parentCode);
      expect(m.effectiveFrom >= '2025-09-01' && m.effectiveFrom <= '2026-06-30').toBe(true);
      expect(validAt(school!, m.effectiveFrom)).toBe(true);
      expect(validAt(target!, m.effectiveFrom)).toBe(true);
    }
    const closed = schools.filter((s) => s.validTo !== null);
    expect(closed.length).toBeGreaterThanOrEqual(1);
    expect(closed.length).toBeLessThanOrEqual(2);
    for (const s of closed) {
      expect(s.successorCodes).toHaveLength(1);
      const into = byCode.get(s.successorCodes[0])!;
      expect(into.kind).toBe('school');
      expect(validAt(into, s.validTo!)).toBe(true);
      expect(into.school!.levels).toEqual(expect.arrayContaining(s.school!.levels));
    }
    for (const u of units) if (u.validTo === null) expect(u.successorCodes).toEqual([]);
  });

  it('has the fixed codes the moves rely on for any seed', () => {
    const other = new Map(buildDemoProvince(seed + 42).map((u) => [u.code, u]));
    for (const code of [
      ...DEMO_SCHOOL_MOVES.map((m) => m.schoolCode),
      ...schools.filter((s) => s.validTo).map((s) => s.code),
    ]) {
      expect(other.get(code)?.name).toBe(byCode.get(code)!.name);
    }
  });

  it('has NFC names with diacritics and valid dates', () => {
    for (const u of units) {
      expect(u.name).toBe(u.name.normalize('NFC'));
      expect(u.name.length).toBeGreaterThan(0);
      expect(u.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (u.validTo !== null) expect(u.validTo > u.validFrom).toBe(true);
    }
    expect(byCode.get('QN')!.name).toBe('Tỉnh Quảng Ninh');
    expect(byCode.get('QN-C-HONGGAI')!.name).toBe('Phường Hồng Gai');
  });
});

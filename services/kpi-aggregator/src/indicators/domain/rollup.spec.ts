import fc from 'fast-check';
import { loadCatalogue } from './catalogue/catalogue';
import { parseFormula, Rational } from './formula';
import { parsePeriod } from './periods';
import {
  ancestorsIn,
  Cell,
  DataValue,
  OrgUnit,
  placementIn,
  rollUp,
  RollupError,
  RollupIndicator,
  treeForPeriod,
} from './rollup';

/*
 * Fixture tree (simplified Quảng Ninh):
 *   P  province
 *   D1, D2  former districts (Hạ Long city, Bình Liêu district), ended 2025-07-01
 *   W1, W2, X3  wards/commune created 2025-07-01 under the province
 *   S1  primary school: D1 until 2025-07-01, then W1
 *   S2  primary school: D1 until 2025-07-01, W1 until 2025-11-01, then W2 (moved ward)
 *   S3  lower-secondary school: D2, then X3
 *   S4  school closed on 2025-03-01 (last under D2)
 *   T1  upper-secondary school, under the province (department) throughout
 */
const REFORM = '2025-07-01';
const v = (validFrom: string, validTo: string | null, parentId: string | null) => ({
  validFrom,
  validTo,
  parentId,
});
const units: OrgUnit[] = [
  { id: 'P', versions: [v('2000-01-01', null, null)] },
  { id: 'D1', versions: [v('2000-01-01', REFORM, 'P')] },
  { id: 'D2', versions: [v('2000-01-01', REFORM, 'P')] },
  { id: 'W1', versions: [v(REFORM, null, 'P')] },
  { id: 'W2', versions: [v(REFORM, null, 'P')] },
  { id: 'X3', versions: [v(REFORM, null, 'P')] },
  { id: 'S1', versions: [v('2000-01-01', REFORM, 'D1'), v(REFORM, null, 'W1')] },
  {
    id: 'S2',
    versions: [
      v('2000-01-01', REFORM, 'D1'),
      v(REFORM, '2025-11-01', 'W1'),
      v('2025-11-01', null, 'W2'),
    ],
  },
  { id: 'S3', versions: [v('2000-01-01', REFORM, 'D2'), v(REFORM, null, 'X3')] },
  { id: 'S4', versions: [v('2000-01-01', '2025-03-01', 'D2')] },
  { id: 'T1', versions: [v('2000-01-01', null, 'P')] },
];

const online: RollupIndicator = {
  numerator: parseFormula('#{online} + #{portal}'),
  denominator: parseFormula('#{total}'),
  factor: 100,
};

/** Applications of a school in a period: online, portal, total. */
function apps(
  orgUnitId: string,
  period: string,
  segment: string,
  o: number,
  p: number,
  total: number,
): DataValue[] {
  return [
    { dataElement: 'online', orgUnitId, period, segment, value: o },
    { dataElement: 'portal', orgUnitId, period, segment, value: p },
    { dataElement: 'total', orgUnitId, period, segment, value: total },
  ];
}

const show = (c: Cell | undefined) =>
  c
    ? `${c.numerator}/${c.denominator}=${c.value === null ? 'null' : c.value.toFixed(2)}`
    : 'absent';
const pct = (c: Cell | undefined) => (c?.value ? c.value.toFixed(2) : null);

describe('placement by effective date', () => {
  it.each([
    ['S2', '2024-2025', 'D1', true],
    ['S2', '2025-06-30', 'D1', true],
    ['S2', '2025-10-15', 'W1', true],
    ['S2', 'HK1-2025-2026', 'W2', true], // spans the move on 1 Nov: the parent on the last day
    ['S2', '2025', 'W2', true], // spans the reform and the move
    ['S4', '2024-2025', 'D2', false], // closed in March: its last parent, not in force on the last day
    ['S4', '2025', 'D2', false],
    ['D1', '2024-2025', 'P', true],
    ['D1', '2025', 'P', false],
    ['T1', '2025-2026', 'P', true],
  ])('%s in %s counts under %s', (id, code, parent, inForce) => {
    expect(
      placementIn(
        units.find((u) => u.id === id)!,
        parsePeriod(code),
      ),
    ).toEqual({ parentId: parent, inForceOnLastDay: inForce });
  });

  it.each([
    ['D1', '2025-2026'],
    ['D1', '2025-07-01'],
    ['W1', '2024-2025'],
    ['S4', '2025-2026'],
  ])('%s does not exist in %s', (id, code) => {
    expect(
      placementIn(
        units.find((u) => u.id === id)!,
        parsePeriod(code),
      ),
    ).toBeNull();
  });

  it('lists ancestors per period', () => {
    expect(ancestorsIn(treeForPeriod(units, parsePeriod('2024-2025')), 'S2')).toEqual(['D1', 'P']);
    expect(ancestorsIn(treeForPeriod(units, parsePeriod('2025-2026')), 'S2')).toEqual(['W2', 'P']);
  });
});

describe('roll-up across periods with a moved school and ended districts', () => {
  const values: DataValue[] = [
    // 2024-2025: before the reform
    ...apps('S1', '2024-2025', 'urban', 40, 10, 50),
    ...apps('S2', '2024-2025', 'urban', 10, 0, 30),
    ...apps('S3', '2024-2025', 'ethnic-minority-mountain', 5, 0, 20),
    ...apps('S4', '2024-2025', 'ethnic-minority-mountain', 0, 0, 10),
    ...apps('T1', '2024-2025', 'urban', 300, 100, 400),
    // 2025-2026: after the reform and the move
    ...apps('S1', '2025-2026', 'urban', 45, 5, 50),
    ...apps('S2', '2025-2026', 'urban', 20, 4, 30),
    ...apps('S3', '2025-2026', 'ethnic-minority-mountain', 12, 0, 20),
    ...apps('T1', '2025-2026', 'urban', 390, 20, 400),
  ];

  it('2024-2025: schools count under the former districts', () => {
    const r = rollUp(online, units, values, parsePeriod('2024-2025'));
    expect([...r.nodes.keys()].sort()).toEqual(['D1', 'D2', 'P', 'S1', 'S2', 'S3', 'S4', 'T1']);
    expect(r.nodes.get('D1')!.parentId).toBe('P');
    expect(show(r.nodes.get('D1')!.total)).toBe('60/80=75.00');
    expect(show(r.nodes.get('D2')!.total)).toBe('5/30=16.67');
    expect(show(r.nodes.get('P')!.total)).toBe('465/510=91.18');
    expect(r.nodes.get('S4')!.inForceOnLastDay).toBe(false); // closed in March, still counted
    expect(r.roots).toEqual(['P']);
    expect(r.unattributed).toEqual([]);
  });

  it('2025-2026: districts are gone, the moved school counts under its new ward', () => {
    const r = rollUp(online, units, values, parsePeriod('2025-2026'));
    expect([...r.nodes.keys()].sort()).toEqual(['P', 'S1', 'S2', 'S3', 'T1', 'W1', 'W2', 'X3']);
    expect(show(r.nodes.get('W1')!.total)).toBe('50/50=100.00');
    expect(show(r.nodes.get('W2')!.total)).toBe('24/30=80.00');
    expect(show(r.nodes.get('X3')!.total)).toBe('12/20=60.00');
    expect(show(r.nodes.get('P')!.total)).toBe('496/500=99.20');
  });

  it('a value keyed to a former district after its end cannot be placed', () => {
    const stray = apps('D1', '2025-2026', 'urban', 1, 0, 1);
    const r = rollUp(
      online,
      units,
      [...values, ...stray, ...apps('NOPE', '2025-2026', 'urban', 1, 0, 1)],
      parsePeriod('2025-2026'),
    );
    expect(r.unattributed).toHaveLength(6);
    expect(show(r.nodes.get('P')!.total)).toBe('496/500=99.20');
  });

  it('a period spanning the move: the school counts once, under the parent of its last day', () => {
    const hk1 = [
      ...apps('S1', 'HK1-2025-2026', 'urban', 8, 2, 10),
      ...apps('S2', 'HK1-2025-2026', 'urban', 3, 0, 6),
    ];
    const r = rollUp(online, units, hk1, parsePeriod('HK1-2025-2026'));
    expect(show(r.nodes.get('W1')!.total)).toBe('10/10=100.00');
    expect(show(r.nodes.get('W2')!.total)).toBe('3/6=50.00');
    expect(show(r.nodes.get('P')!.total)).toBe('13/16=81.25');
    // As of a day before the move it is still under W1.
    const asOf = [
      ...apps('S1', '2025-10-15', 'urban', 8, 2, 10),
      ...apps('S2', '2025-10-15', 'urban', 3, 0, 6),
    ];
    const r2 = rollUp(online, units, asOf, parsePeriod('2025-10-15'));
    expect(show(r2.nodes.get('W1')!.total)).toBe('13/16=81.25');
    expect(show(r2.nodes.get('W2')!.total)).toBe('0/0=null'); // in force, no data: shown, no value
  });

  it('calendar year 2025 spans the reform: districts appear only to carry the school that closed before it', () => {
    const y = [
      ...apps('S1', '2025', 'urban', 1, 0, 1),
      ...apps('S2', '2025', 'urban', 1, 0, 2),
      ...apps('S4', '2025', 'rural', 0, 0, 5),
    ];
    const r = rollUp(online, units, y, parsePeriod('2025'));
    expect(r.nodes.has('D1')).toBe(false);
    expect(r.nodes.get('D2')!.inForceOnLastDay).toBe(false);
    expect(show(r.nodes.get('D2')!.total)).toBe('0/5=0.00');
    expect(r.nodes.get('S2')!.parentId).toBe('W2');
    expect(show(r.nodes.get('P')!.total)).toBe('2/8=25.00');
  });
});

describe('roll-up arithmetic', () => {
  it('is a ratio of sums, never an average of percentages', () => {
    const vals = [
      ...apps('S1', '2025-2026', 'urban', 1, 0, 1),
      ...apps('S2', '2025-2026', 'urban', 1, 0, 3),
    ];
    const r = rollUp(online, units, vals, parsePeriod('2025-2026'));
    expect(pct(r.nodes.get('S1')!.total)).toBe('100.00');
    expect(pct(r.nodes.get('S2')!.total)).toBe('33.33');
    expect(pct(r.nodes.get('P')!.total)).toBe('50.00'); // 2/4, not (100 + 33.33) / 2
  });

  it('keeps values above 100 %', () => {
    const r = rollUp(
      online,
      units,
      apps('T1', '2025-2026', 'urban', 90, 30, 100),
      parsePeriod('2025-2026'),
    );
    expect(pct(r.nodes.get('T1')!.total)).toBe('120.00');
    expect(pct(r.nodes.get('P')!.total)).toBe('120.00');
  });

  it('breaks down by segment and the total is their sum', () => {
    const vals = [
      ...apps('S1', '2025-2026', 'urban', 9, 0, 10),
      ...apps('S3', '2025-2026', 'ethnic-minority-mountain', 13, 0, 20),
    ];
    const r = rollUp(online, units, vals, parsePeriod('2025-2026'), {
      segments: ['urban', 'rural', 'ethnic-minority-mountain', 'island'],
    });
    const p = r.nodes.get('P')!;
    expect(show(p.bySegment.get('urban'))).toBe('9/10=90.00');
    expect(show(p.bySegment.get('ethnic-minority-mountain'))).toBe('13/20=65.00');
    expect(show(p.bySegment.get('island'))).toBe('0/0=null');
    expect(show(p.total)).toBe('22/30=73.33');
    expect(show(r.nodes.get('W1')!.bySegment.get('ethnic-minority-mountain'))).toBe('0/0=null');
  });

  it('sums VND amounts beyond 2^53 exactly', () => {
    const cashless: RollupIndicator = {
      numerator: parseFormula('#{paid.cashless}'),
      denominator: parseFormula('#{paid.all}'),
      factor: 100n,
    };
    const big = 6_000_000_000_000_000_001n; // 6e18 + 1 VND, far beyond 2^53
    const vals: DataValue[] = [
      {
        dataElement: 'paid.cashless',
        orgUnitId: 'S1',
        period: '2025',
        segment: 'urban',
        value: big,
      },
      { dataElement: 'paid.all', orgUnitId: 'S1', period: '2025', segment: 'urban', value: big },
      {
        dataElement: 'paid.cashless',
        orgUnitId: 'S2',
        period: '2025',
        segment: 'urban',
        value: 0n,
      },
      {
        dataElement: 'paid.all',
        orgUnitId: 'S2',
        period: '2025',
        segment: 'urban',
        value: big + 1n,
      },
    ];
    const p = rollUp(cashless, units, vals, parsePeriod('2025')).nodes.get('P')!.total;
    expect(p.denominator.toString()).toBe('12000000000000000003');
    expect(p.numerator.toString()).toBe('6000000000000000001');
    expect(p.value!.toFixed(6)).toBe('50.000000');
  });

  it('evaluates per-school formulas before summing (schools admitting grade 1 entirely online)', () => {
    const cat = loadCatalogue();
    const ind = cat.indicators.find((i) => i.code === 'ENR-ONLINE-SCHOOLS-G1')!;
    const g1 = (id: string, digital: number, paper: number): DataValue[] => [
      {
        dataElement: 'admission.grade1.digital',
        orgUnitId: id,
        period: '2025-2026',
        segment: 'urban',
        value: digital,
      },
      {
        dataElement: 'admission.grade1.paper',
        orgUnitId: id,
        period: '2025-2026',
        segment: 'urban',
        value: paper,
      },
    ];
    const r = rollUp(
      ind,
      units,
      [...g1('S1', 50, 0), ...g1('S2', 20, 1), ...g1('S3', 0, 0)],
      parsePeriod('2025-2026'),
    );
    expect(show(r.nodes.get('S1')!.total)).toBe('1/1=100.00');
    expect(show(r.nodes.get('S2')!.total)).toBe('0/1=0.00');
    expect(show(r.nodes.get('X3')!.total)).toBe('0/0=null'); // S3 admitted nobody: not in the denominator
    expect(show(r.nodes.get('P')!.total)).toBe('1/2=50.00'); // schools, not applications
  });

  it('pending elements give no value, not 0 %', () => {
    const cat = loadCatalogue();
    const fedInd = cat.indicators.find((i) => i.code === 'ID-LEARNERS-VERIFIED')!;
    // As the indicator was before enrollment published identity checks: its numerator pending.
    const ind = { ...fedInd, pendingElements: new Set(['learners.id_verified']) };
    const vals: DataValue[] = [
      {
        dataElement: 'learners.on_roll',
        orgUnitId: 'S1',
        period: '2025-12-31',
        segment: 'urban',
        value: 1,
      },
      {
        dataElement: 'learners.on_roll',
        orgUnitId: 'S2',
        period: '2025-12-31',
        segment: 'urban',
        value: 1,
      },
    ];
    const r = rollUp(ind, units, vals, parsePeriod('2025-12-31'));
    expect(r.nodes.get('P')!.total.value).toBeNull();
    expect(r.nodes.get('P')!.total.contributors).toBe(0);
    expect(r.excluded).toEqual([
      { orgUnitId: 'S1', segment: 'urban', reason: 'numerator is null' },
      { orgUnitId: 'S2', segment: 'urban', reason: 'numerator is null' },
    ]);
    // Once a service feeds the element, the same definition measures.
    const fed = [
      ...vals,
      {
        dataElement: 'learners.id_verified',
        orgUnitId: 'S1',
        period: '2025-12-31',
        segment: 'urban',
        value: 1,
      },
    ];
    // Fed (the catalogue's definition today), a school with no verified learner counts 0.
    const r2 = rollUp(fedInd, units, fed, parsePeriod('2025-12-31'));
    expect(show(r2.nodes.get('P')!.total)).toBe('1/2=50.00');
    expect(r2.excluded).toHaveLength(0);
  });

  it('a fed element with no values yet counts 0: schools with no cashless payment are 0 %', () => {
    const cat = loadCatalogue();
    const ind = cat.indicators.find((i) => i.code === 'PAY-SCHOOLS-CASHLESS')!;
    const inForce = (orgUnitId: string): DataValue => ({
      dataElement: 'schools.in_force',
      orgUnitId,
      period: '2025-12-31',
      segment: 'urban',
      value: 1,
    });
    const r = rollUp(ind, units, [inForce('S1'), inForce('S2')], parsePeriod('2025-12-31'));
    expect(show(r.nodes.get('P')!.total)).toBe('0/2=0.00');
    const paid: DataValue = { ...inForce('S1'), dataElement: 'schools.accepting_cashless' };
    const r2 = rollUp(ind, units, [inForce('S1'), inForce('S2'), paid], parsePeriod('2025-12-31'));
    expect(show(r2.nodes.get('P')!.total)).toBe('1/2=50.00');
  });

  it('ignores other periods and elements, refuses duplicate keys', () => {
    const vals = [
      ...apps('S1', '2025-2026', 'urban', 1, 0, 1),
      { dataElement: 'other', orgUnitId: 'S1', period: '2025-2026', segment: 'urban', value: 5 },
      ...apps('S1', '2024-2025', 'urban', 0, 0, 9),
    ];
    expect(show(rollUp(online, units, vals, parsePeriod('2025-2026')).nodes.get('P')!.total)).toBe(
      '1/1=100.00',
    );
    expect(() =>
      rollUp(
        online,
        units,
        [...vals, ...apps('S1', '2025-2026', 'urban', 1, 0, 1)],
        parsePeriod('2025-2026'),
      ),
    ).toThrow(/duplicate data value online × S1 × 2025-2026 × urban/);
  });

  it('refuses a cycle in the tree and inverted versions', () => {
    const cyclic: OrgUnit[] = [
      { id: 'A', versions: [v('2020-01-01', null, 'B')] },
      { id: 'B', versions: [v('2020-01-01', null, 'A')] },
    ];
    expect(() => rollUp(online, cyclic, [], parsePeriod('2025'))).toThrow(RollupError);
    expect(() => treeForPeriod(cyclic, parsePeriod('2025'))).toThrow(/cycle/);
    expect(() =>
      placementIn(
        { id: 'Z', versions: [v('2025-01-01', '2024-01-01', null)] },
        parsePeriod('2025'),
      ),
    ).toThrow(/ends before it starts/);
    expect(() => treeForPeriod([units[0], units[0]], parsePeriod('2025'))).toThrow(/listed twice/);
  });

  it('treats a unit whose parent does not exist in the period as an orphan root', () => {
    const u: OrgUnit[] = [...units, { id: 'S9', versions: [v('2025-01-01', null, 'D1')] }]; // data error: D1 ended
    const r = rollUp(
      online,
      u,
      apps('S9', '2025-2026', 'urban', 1, 0, 1),
      parsePeriod('2025-2026'),
    );
    expect(r.orphans).toEqual(['S9']);
    expect(r.roots.sort()).toEqual(['P', 'S9']);
    expect(r.nodes.get('P')!.total.contributors).toBe(0);
  });
});

describe('roll-up properties', () => {
  const DAYS = ['2024-01-01', '2024-09-05', '2025-03-01', '2025-07-01', '2025-11-01', '2026-02-01'];
  const PERIODS = [
    '2024-2025',
    '2025-2026',
    'HK1-2025-2026',
    'HK2-2025-2026',
    '2025',
    '2025-06-30',
    '2025-07-01',
  ];
  const SEGMENTS = ['urban', 'rural', 'ethnic-minority-mountain', 'island'];

  /** A random forest whose parents always have a lower index (no cycles), with dated versions. */
  const forest = fc.integer({ min: 1, max: 20 }).chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc
          .array(
            fc.tuple(
              fc.integer({ min: 0, max: DAYS.length - 1 }),
              fc.option(fc.integer({ min: 0, max: Math.max(0, i - 1) }), { nil: null }),
            ),
            { minLength: 1, maxLength: 3 },
          )
          .map((vs) => {
            const starts = [...new Set(vs.map(([d]) => d))].sort((a, b) => a - b);
            return {
              id: `U${i}`,
              versions: starts.map((d, k) => ({
                validFrom: DAYS[d],
                validTo: k + 1 < starts.length ? DAYS[starts[k + 1]] : null,
                parentId:
                  i === 0
                    ? null
                    : vs[k]?.[1] === null || vs[k] === undefined
                      ? null
                      : `U${vs[k][1]}`,
              })),
            } as OrgUnit;
          }),
      ),
    ),
  );
  const dataValues = (n: number, period: string) =>
    fc
      .array(
        fc.tuple(
          fc.integer({ min: 0, max: n - 1 }),
          fc.constantFrom(...SEGMENTS),
          fc.bigInt({ min: 0n, max: 10n ** 16n }),
          fc.bigInt({ min: 0n, max: 10n ** 16n }),
        ),
        { maxLength: 40 },
      )
      .map((rows) => {
        const seen = new Set<string>();
        const out: DataValue[] = [];
        for (const [u, segment, a, b] of rows) {
          const key = `U${u}|${segment}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(
            { dataElement: 'a', orgUnitId: `U${u}`, period, segment, value: a },
            { dataElement: 'b', orgUnitId: `U${u}`, period, segment, value: b },
          );
        }
        return out;
      });
  const scenario = fc
    .tuple(forest, fc.constantFrom(...PERIODS))
    .chain(([us, period]) =>
      fc.tuple(fc.constant(us), fc.constant(period), dataValues(us.length, period)),
    );

  const indicators: Record<string, RollupIndicator> = {
    linear: {
      numerator: parseFormula('#{a}'),
      denominator: parseFormula('#{a} + #{b}'),
      factor: 100,
    },
    perUnit: {
      numerator: parseFormula('if(#{a} > #{b}, 1, 0)'),
      denominator: parseFormula('1'),
      factor: 100,
    },
  };

  it.each(Object.keys(indicators))(
    '%s: every node is its own values plus its children; the roots hold the sum over all placed units',
    (name) => {
      const ind = indicators[name];
      fc.assert(
        fc.property(scenario, ([us, periodCode, vals]) => {
          const period = parsePeriod(periodCode);
          const r = rollUp(ind, us, vals, period);
          const tree = treeForPeriod(us, period);

          // Independent per-unit contributions (leaf-level evaluation).
          const own = new Map<string, { n: Rational; d: Rational }>();
          for (const val of vals) {
            if (val.dataElement !== 'a' || !tree.placement.has(val.orgUnitId)) continue;
            const b = vals.find(
              (x) =>
                x.dataElement === 'b' && x.orgUnitId === val.orgUnitId && x.segment === val.segment,
            )!;
            const a = Rational.from(val.value);
            const bb = Rational.from(b.value);
            const n = name === 'linear' ? a : a.cmp(bb) > 0 ? Rational.ONE : Rational.ZERO;
            const d = name === 'linear' ? a.add(bb) : Rational.ONE;
            const prev = own.get(val.orgUnitId) ?? { n: Rational.ZERO, d: Rational.ZERO };
            own.set(val.orgUnitId, { n: prev.n.add(n), d: prev.d.add(d) });
          }

          // Node = own + Σ children (children as reported).
          for (const node of r.nodes.values()) {
            let n = own.get(node.orgUnitId)?.n ?? Rational.ZERO;
            let d = own.get(node.orgUnitId)?.d ?? Rational.ZERO;
            for (const child of r.nodes.values()) {
              if (child.parentId === node.orgUnitId) {
                n = n.add(child.total.numerator);
                d = d.add(child.total.denominator);
              }
            }
            expect(node.total.numerator.toString()).toBe(n.toString());
            expect(node.total.denominator.toString()).toBe(d.toString());
            // Total = Σ segments.
            const segN = [...node.bySegment.values()].reduce(
              (acc, c) => acc.add(c.numerator),
              Rational.ZERO,
            );
            expect(segN.toString()).toBe(node.total.numerator.toString());
          }

          // Σ roots = Σ over every placed unit's own values (no loss, no double count).
          const rootN = r.roots.reduce(
            (acc, id) => acc.add(r.nodes.get(id)!.total.numerator),
            Rational.ZERO,
          );
          const rootD = r.roots.reduce(
            (acc, id) => acc.add(r.nodes.get(id)!.total.denominator),
            Rational.ZERO,
          );
          const allN = [...own.values()].reduce((acc, x) => acc.add(x.n), Rational.ZERO);
          const allD = [...own.values()].reduce((acc, x) => acc.add(x.d), Rational.ZERO);
          expect(rootN.toString()).toBe(allN.toString());
          expect(rootD.toString()).toBe(allD.toString());

          // Values that could not be placed are exactly those of units absent in the period.
          for (const u of r.unattributed) expect(tree.placement.has(u.orgUnitId)).toBe(false);
          // The value at each node is Σ numerators / Σ denominators × 100.
          const p = r.nodes.get(r.roots[0] ?? '');
          if (p && !p.total.denominator.isZero())
            expect(
              p.total.value!.eq(p.total.numerator.div(p.total.denominator)!.mul(Rational.of(100))),
            ).toBe(true);
        }),
        { numRuns: 300 },
      );
    },
  );
});

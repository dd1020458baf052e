import { BatchItem, codesNamedBy, planOrgUnitBatch } from './org-unit-batch';
import type { OrgUnitState } from './org-unit';

const ids = () => {
  let n = 0;
  return () => `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`;
};
const school = {
  levels: ['primary' as const],
  segment: 'urban' as const,
  ownership: 'public' as const,
};

/** A province, a district ended on 2025-07-01 in favour of a ward, and a school moved there. */
const tree = (): BatchItem[] => [
  {
    code: 'QN-S-1',
    kind: 'school',
    name: 'Trường Tiểu học A',
    parentCode: 'QN-D-1',
    validFrom: '2000-09-05',
    school,
    placeChanges: [{ effectiveFrom: '2025-07-01', parentCode: 'QN-W-1' }],
  },
  {
    code: 'QN-D-1',
    kind: 'district',
    name: 'Huyện Một',
    parentCode: 'QN',
    validFrom: '1963-10-30',
    end: { validTo: '2025-07-01', successorCodes: ['QN-W-1'] },
  },
  {
    code: 'QN',
    kind: 'province',
    name: 'Tỉnh  Quảng Ninh',
    parentCode: null,
    validFrom: '1963-10-30',
  },
  { code: 'qn-w-1', kind: 'ward', name: 'Phường Một', parentCode: 'QN', validFrom: '2025-07-01' },
];

describe('planOrgUnitBatch', () => {
  it('builds every unit with its history, resolving parents and successors within the batch in any order', () => {
    const { outcomes, problems } = planOrgUnitBatch(tree(), new Map(), ids());
    expect(problems).toEqual([]);
    expect(outcomes.map((o) => [o.index, o.status])).toEqual([
      [0, 'created'],
      [1, 'created'],
      [2, 'created'],
      [3, 'created'],
    ]);
    const [s, d, p, w] = outcomes.map((o) => o.state);
    expect(p.versions[0].name).toBe('Tỉnh Quảng Ninh');
    expect(w.code).toBe('QN-W-1');
    expect(d).toMatchObject({ validTo: '2025-07-01', successorIds: [w.id], revision: 2 });
    expect(s.versions).toEqual([
      { validFrom: '2000-09-05', validTo: '2025-07-01', parentId: d.id, name: 'Trường Tiểu học A' },
      { validFrom: '2025-07-01', validTo: null, parentId: w.id, name: 'Trường Tiểu học A' },
    ]);
  });

  it('reports every failing item and field, and builds nothing then', () => {
    const items = tree();
    items[0] = { ...items[0], school: null };
    items[3] = { ...items[3], parentCode: 'QN-X' };
    items.push({ ...items[2], name: 'again' });
    items.push({
      code: 'QN-S-2',
      kind: 'school',
      name: 'B',
      parentCode: 'QN-S-1',
      validFrom: '2001-01-01',
      school,
    });
    const { outcomes, problems } = planOrgUnitBatch(items, new Map(), ids());
    expect(outcomes).toEqual([]);
    expect(problems.map((p) => p.field).sort()).toEqual([
      'items.0.school',
      'items.1.end.successorCodes.0',
      'items.3.parentCode',
      'items.4.code',
      'items.5.parentCode',
    ]);
    expect(problems.every((p) => !p.conflict)).toBe(true);
  });

  it('applies moves and ends in date order: a move under a parent that ended before fails', () => {
    const items = tree();
    items[0].placeChanges!.push({ effectiveFrom: '2026-01-01', parentCode: 'QN-D-1' });
    const { problems } = planOrgUnitBatch(items, new Map(), ids());
    expect(problems).toEqual([
      {
        field: 'items.0.placeChanges.1.parentCode',
        message: expect.stringContaining('not in force'),
        conflict: false,
      },
    ]);
  });

  it('reports a cycle of parents', () => {
    const { problems } = planOrgUnitBatch(
      [
        { code: 'A1', kind: 'commune', name: 'A', parentCode: 'B1', validFrom: '2025-07-01' },
        { code: 'B1', kind: 'commune', name: 'B', parentCode: 'A1', validFrom: '2025-07-01' },
      ],
      new Map(),
      ids(),
    );
    expect(problems.map((p) => p.field)).toContain('items.0.parentCode');
  });

  it('is idempotent: units already in the registry as sent are unchanged; a different one is a conflict', () => {
    const first = planOrgUnitBatch(tree(), new Map(), ids()).outcomes;
    // as stored: JSON columns come back with their keys in another order
    const stored = new Map<string, OrgUnitState>(
      first.map(({ state }) => [
        state.code,
        {
          ...state,
          versions: state.versions.map(({ name, validTo, parentId, validFrom }) => ({
            name,
            validTo,
            parentId,
            validFrom,
          })),
        },
      ]),
    );
    const again = planOrgUnitBatch(tree(), stored, ids());
    expect(again.problems).toEqual([]);
    expect(again.outcomes.map((o) => o.status)).toEqual(Array(4).fill('unchanged'));

    const partly = planOrgUnitBatch(
      [
        ...tree(),
        {
          code: 'QN-S-9',
          kind: 'school',
          name: 'Trường Mới',
          parentCode: 'QN-W-1',
          validFrom: '2025-09-05',
          school,
        },
      ],
      stored,
      ids(),
    );
    expect(
      partly.outcomes
        .filter((o) => o.status === 'created')
        .map((o) => o.state.versions[0].parentId),
    ).toEqual([stored.get('QN-W-1')!.id]);

    const renamed = tree();
    renamed[3].name = 'Phường Khác';
    const clash = planOrgUnitBatch(renamed, stored, ids());
    expect(clash.problems).toEqual([
      { field: 'items.3.code', message: expect.stringContaining('already in use'), conflict: true },
    ]);
  });

  it('names the codes a batch refers to', () => {
    expect(codesNamedBy(tree()).sort()).toEqual(['QN', 'QN-D-1', 'QN-S-1', 'QN-W-1']);
  });
});

import {
  changePlace,
  changeSchoolAttributes,
  createOrgUnit,
  endOrgUnit,
  OrgUnitRuleError,
  OrgUnitState,
  versionAt,
  isValidDate,
} from './org-unit';

const province = { id: 'p', kind: 'province' as const, validFrom: '1963-10-30', validTo: null };
const district = {
  id: 'd',
  kind: 'district' as const,
  validFrom: '1963-10-30',
  validTo: '2025-07-01',
};
const ward = { id: 'w', kind: 'ward' as const, validFrom: '2025-07-01', validTo: null };
const ward2 = { id: 'w2', kind: 'ward' as const, validFrom: '2025-07-01', validTo: null };
const schoolAttrs = {
  levels: ['primary' as const],
  segment: 'urban' as const,
  ownership: 'public' as const,
};

const school = (): OrgUnitState =>
  createOrgUnit(
    {
      id: 's',
      code: 'qn-s-th-0001',
      kind: 'school',
      name: '  Trường Tiểu học   Bãi Cháy ',
      validFrom: '2000-09-05',
      school: schoolAttrs,
    },
    district,
  );

const ruleError = (fn: () => unknown, field: string) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OrgUnitRuleError);
    expect((e as OrgUnitRuleError).field).toBe(field);
    return e as OrgUnitRuleError;
  }
  throw new Error('expected a rule error');
};

describe('organisation units with effective dates', () => {
  it('creates a unit with upper-case code, tidy NFC name and one open version', () => {
    const s = createOrgUnit(
      {
        id: 's',
        code: 'qn-s-th-1',
        kind: 'school',
        name: 'Trường Tiểu học Hà Lầm'.normalize('NFD'),
        validFrom: '2025-09-05',
        school: schoolAttrs,
      },
      ward,
    );
    expect(s.code).toBe('QN-S-TH-1');
    expect(s.versions).toEqual([
      {
        validFrom: '2025-09-05',
        validTo: null,
        parentId: 'w',
        name: 'Trường Tiểu học Hà Lầm'.normalize('NFC'),
      },
    ]);
    expect(s.revision).toBe(1);
  });

  it.each([
    [
      'a province with a parent',
      () =>
        createOrgUnit(
          { id: 'x', code: 'X1', kind: 'province', name: 'X', validFrom: '2000-01-01' },
          province,
        ),
      'parentId',
    ],
    [
      'a school without a parent',
      () =>
        createOrgUnit(
          {
            id: 'x',
            code: 'X1',
            kind: 'school',
            name: 'X',
            validFrom: '2000-01-01',
            school: schoolAttrs,
          },
          null,
        ),
      'parentId',
    ],
    [
      'a ward under a school',
      () =>
        createOrgUnit(
          { id: 'x', code: 'X1', kind: 'ward', name: 'X', validFrom: '2026-01-01' },
          { ...ward, kind: 'school' },
        ),
      'parentId',
    ],
    [
      'a school under a district after the district ended',
      () =>
        createOrgUnit(
          {
            id: 'x',
            code: 'X1',
            kind: 'school',
            name: 'X',
            validFrom: '2025-09-05',
            school: schoolAttrs,
          },
          district,
        ),
      'parentId',
    ],
    [
      'a school under a ward before the ward existed',
      () =>
        createOrgUnit(
          {
            id: 'x',
            code: 'X1',
            kind: 'school',
            name: 'X',
            validFrom: '2020-09-05',
            school: schoolAttrs,
          },
          ward,
        ),
      'parentId',
    ],
    [
      'a school without attributes',
      () =>
        createOrgUnit(
          { id: 'x', code: 'X1', kind: 'school', name: 'X', validFrom: '2025-09-05' },
          ward,
        ),
      'school',
    ],
    [
      'a ward with school attributes',
      () =>
        createOrgUnit(
          {
            id: 'x',
            code: 'X1',
            kind: 'ward',
            name: 'X',
            validFrom: '2025-09-05',
            school: schoolAttrs,
          },
          province,
        ),
      'school',
    ],
    [
      'an impossible date',
      () =>
        createOrgUnit(
          { id: 'x', code: 'X1', kind: 'ward', name: 'X', validFrom: '2025-02-30' },
          province,
        ),
      'validFrom',
    ],
    [
      'an end before the start',
      () =>
        createOrgUnit(
          {
            id: 'x',
            code: 'X1',
            kind: 'ward',
            name: 'X',
            validFrom: '2025-02-01',
            validTo: '2025-01-01',
          },
          province,
        ),
      'validTo',
    ],
    [
      'a blank name',
      () =>
        createOrgUnit(
          { id: 'x', code: 'X1', kind: 'ward', name: '   ', validFrom: '2025-02-01' },
          province,
        ),
      'name',
    ],
  ])('refuses %s', (_name, fn, field) => {
    ruleError(fn, field);
  });

  it('moves a school from its abolished district to its new ward, keeping the history by date', () => {
    const moved = changePlace(school(), { effectiveFrom: '2025-07-01', parent: ward });
    expect(moved.versions).toEqual([
      {
        validFrom: '2000-09-05',
        validTo: '2025-07-01',
        parentId: 'd',
        name: 'Trường Tiểu học Bãi Cháy',
      },
      { validFrom: '2025-07-01', validTo: null, parentId: 'w', name: 'Trường Tiểu học Bãi Cháy' },
    ]);
    expect(versionAt(moved, '2024-12-31')?.parentId).toBe('d');
    expect(versionAt(moved, '2025-07-01')?.parentId).toBe('w');
    expect(versionAt(moved, '1999-01-01')).toBeUndefined();
    expect(moved.revision).toBe(2);
    const renamed = changePlace(moved, {
      effectiveFrom: '2026-01-01',
      name: 'Trường Tiểu học Bãi Cháy 2',
    });
    expect(renamed.versions.map((v) => [v.parentId, v.name])).toEqual([
      ['d', 'Trường Tiểu học Bãi Cháy'],
      ['w', 'Trường Tiểu học Bãi Cháy'],
      ['w', 'Trường Tiểu học Bãi Cháy 2'],
    ]);
  });

  it('refuses moves that go back in time, change nothing, or land under a unit not in force', () => {
    const moved = changePlace(school(), { effectiveFrom: '2025-07-01', parent: ward });
    expect(
      ruleError(
        () => changePlace(moved, { effectiveFrom: '2025-07-01', parent: ward2 }),
        'effectiveFrom',
      ).code,
    ).toBe('conflict');
    ruleError(
      () => changePlace(moved, { effectiveFrom: '2025-08-01', parent: ward }),
      'effectiveFrom',
    );
    ruleError(
      () => changePlace(moved, { effectiveFrom: '2025-08-01', parent: district }),
      'parentId',
    );
    ruleError(
      () => changePlace(moved, { effectiveFrom: '2025-08-01', parent: { ...ward, id: 's' } }),
      'parentId',
    );
  });

  it('ends a district on 1 July 2025 with its successors, and nothing changes an ended unit', () => {
    const d = createOrgUnit(
      {
        id: 'd',
        code: 'QN-D-HALONG',
        kind: 'district',
        name: 'Thành phố Hạ Long',
        validFrom: '1963-10-30',
      },
      province,
    );
    const ended = endOrgUnit(d, '2025-07-01', [ward, ward2]);
    expect(ended).toMatchObject({ validTo: '2025-07-01', successorIds: ['w', 'w2'], revision: 2 });
    expect(ended.versions[0].validTo).toBe('2025-07-01');
    expect(ruleError(() => endOrgUnit(ended, '2026-01-01', []), 'id').code).toBe('conflict');
    expect(
      ruleError(() => changePlace(ended, { effectiveFrom: '2026-01-01', name: 'X' }), 'id').code,
    ).toBe('conflict');
    ruleError(
      () => endOrgUnit(d, '2025-07-01', [{ ...ward, validFrom: '2025-08-01' }]),
      'successorIds',
    );
    ruleError(() => endOrgUnit(d, '1960-01-01', []), 'validTo');
  });

  it('updates school attributes and refuses them on other kinds or with repeated levels', () => {
    const s = changeSchoolAttributes(school(), { segment: 'ethnic-minority-mountain' });
    expect(s.school).toEqual({ ...schoolAttrs, segment: 'ethnic-minority-mountain' });
    ruleError(() => changeSchoolAttributes(s, { levels: ['primary', 'primary'] }), 'school.levels');
    ruleError(
      () =>
        changeSchoolAttributes(
          createOrgUnit(
            { id: 'x', code: 'X1', kind: 'ward', name: 'X', validFrom: '2025-09-05' },
            province,
          ),
          { segment: 'rural' },
        ),
      'school',
    );
  });

  it('knows real calendar dates', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('2025-7-1')).toBe(false);
  });
});

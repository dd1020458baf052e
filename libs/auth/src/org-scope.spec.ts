import { HttpException } from '@nestjs/common';
import { canAccessOrgUnit, OrgScopeService, OrgUnitAncestry, scopeFilter } from './org-scope';
import { Principal } from './principal';
import { Role } from './roles';

// Province ─┬─ Commune A ─┬─ School A1 ── Class A1-6A (depth 2 under the commune)
//           │             └─ School A2
//           └─ Commune B ─── School B1
const PARENT: Record<string, string | null> = {
  province: null,
  communeA: 'province',
  communeB: 'province',
  schoolA1: 'communeA',
  schoolA2: 'communeA',
  schoolB1: 'communeB',
  classA1: 'schoolA1',
};

class InMemoryAncestry implements OrgUnitAncestry {
  calls = 0;
  async ancestorsOf(orgUnitId: string): Promise<string[]> {
    this.calls += 1;
    const result: string[] = [];
    for (let id = PARENT[orgUnitId] ?? null; id !== null; id = PARENT[id] ?? null) result.push(id);
    return result;
  }
}

const ancestry = new InMemoryAncestry();
const ancestorsOf = (id: string): string[] => {
  const result: string[] = [];
  for (let p = PARENT[id] ?? null; p !== null; p = PARENT[p] ?? null) result.push(p);
  return result;
};
const user = (roles: Role[], orgUnitId: string | null): Principal => ({
  subject: 'u',
  roles,
  orgUnitId,
});
const allowed = (principal: Principal, target: string): boolean =>
  canAccessOrgUnit(principal, target, ancestorsOf(target));

describe('canAccessOrgUnit', () => {
  it('limits a school user to their own school (and units inside it)', () => {
    const teacher = user([Role.Teacher], 'schoolA1');
    expect(allowed(teacher, 'schoolA1')).toBe(true);
    expect(allowed(teacher, 'classA1')).toBe(true);
    expect(allowed(teacher, 'schoolA2')).toBe(false); // sibling school in the same commune
    expect(allowed(teacher, 'communeA')).toBe(false);
    expect(allowed(teacher, 'province')).toBe(false);
  });

  it('lets a commune user see every unit under the commune, at any depth', () => {
    const commune = user([Role.Commune], 'communeA');
    expect(allowed(commune, 'communeA')).toBe(true);
    expect(allowed(commune, 'schoolA2')).toBe(true);
    expect(allowed(commune, 'classA1')).toBe(true); // depth 2
    expect(allowed(commune, 'schoolB1')).toBe(false);
    expect(allowed(commune, 'communeB')).toBe(false);
  });

  it('lets province staff see everything, even without an org unit', () => {
    expect(allowed(user([Role.Province], null), 'schoolB1')).toBe(true);
    expect(canAccessOrgUnit(user([Role.Province], 'province'), 'unknown-unit', [])).toBe(true);
  });

  it('limits a family user to their school', () => {
    const family = user([Role.Family], 'schoolB1');
    expect(allowed(family, 'schoolB1')).toBe(true);
    expect(allowed(family, 'schoolA1')).toBe(false);
    expect(allowed(family, 'communeB')).toBe(false);
  });

  it('denies a non-province user without an org unit', () => {
    expect(allowed(user([Role.IntegrationClient], null), 'schoolA1')).toBe(false);
  });
});

describe('scopeFilter', () => {
  it('returns all for province and the own unit otherwise', () => {
    expect(scopeFilter(user([Role.Province], null))).toEqual({ all: true });
    expect(scopeFilter(user([Role.Commune], 'communeA'))).toEqual({ withinOrgUnitId: 'communeA' });
    expect(scopeFilter(user([Role.Principal], 'schoolA1'))).toEqual({
      withinOrgUnitId: 'schoolA1',
    });
  });

  it('answers 403 for a non-province user without a unit', () => {
    let error: unknown;
    try {
      scopeFilter(user([Role.Teacher], null));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(403);
    expect((error as HttpException).getResponse()).toMatchObject({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
    });
  });
});

describe('OrgScopeService', () => {
  const service = new OrgScopeService(ancestry);

  it('checks through the ancestry port', async () => {
    await expect(service.canAccess(user([Role.Commune], 'communeA'), 'classA1')).resolves.toBe(
      true,
    );
    await expect(service.canAccess(user([Role.SchoolStaff], 'schoolA1'), 'schoolA2')).resolves.toBe(
      false,
    );
    await expect(
      service.assertCanAccess(user([Role.SchoolStaff], 'schoolA1'), 'schoolA2'),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      service.assertCanAccess(user([Role.Family], 'schoolA1'), 'schoolA1'),
    ).resolves.toBeUndefined();
  });

  it('skips the lookup when the tree cannot change the answer', async () => {
    const before = ancestry.calls;
    await service.canAccess(user([Role.Province], null), 'schoolA1');
    await service.canAccess(user([Role.Teacher], 'schoolA1'), 'schoolA1');
    await service.canAccess(user([Role.Teacher], null), 'schoolA1');
    expect(ancestry.calls).toBe(before);
  });

  it('passes the reference date to the port', async () => {
    const port: OrgUnitAncestry = { ancestorsOf: jest.fn().mockResolvedValue(['communeA']) };
    const at = new Date('2024-09-05T00:00:00Z');
    await expect(
      new OrgScopeService(port).canAccess(user([Role.Commune], 'communeA'), 'schoolX', at),
    ).resolves.toBe(true);
    expect(port.ancestorsOf).toHaveBeenCalledWith('schoolX', at);
  });
});

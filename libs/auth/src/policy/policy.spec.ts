import { Principal } from '../principal';
import { Role } from '../roles';
import { GuardianDirectory, OrgUnitFacts, scopeCovers, TeachingDirectory } from './access';
import { checkPolicy, decideGrant, narrow, Reach, RoutePolicy } from './policy';

const PROVINCE = 'p';
const COMMUNE = 'c';
const PRIMARY = 'primary-school';
const HIGH = 'upper-secondary-school';
const OTHER_COMMUNE_SCHOOL = 'x-school';
const PARENT: Record<string, string> = {
  [PRIMARY]: COMMUNE,
  [HIGH]: COMMUNE,
  [COMMUNE]: PROVINCE,
  [OTHER_COMMUNE_SCHOOL]: 'c2',
  c2: PROVINCE,
};
const facts: OrgUnitFacts = {
  async ancestorsOf(id) {
    const out: string[] = [];
    for (let p = PARENT[id]; p !== undefined; p = PARENT[p]) out.push(p);
    return out;
  },
  async isDepartmentManaged(id) {
    return id === HIGH || !(id in PARENT || id === PROVINCE);
  },
};
const guardians: GuardianDirectory = {
  async isGuardian(subject, learner) {
    return subject === 'parent-1' && learner === 'child-1';
  },
};

// Teacher t-1 teaches class 5A of the primary school.
const teaching: TeachingDirectory = {
  async teaches(subject, classId) {
    return subject === 't-1' && classId === 'class-5a';
  },
};

const user = (roles: Role[], orgUnitId: string | null, subject = 'u'): Principal => ({
  subject,
  roles,
  orgUnitId,
  kind: 'user',
  scopes: [],
});
const client = (scopes: string[], orgUnitId: string | null = null): Principal => ({
  subject: 'client',
  roles: [Role.IntegrationClient],
  orgUnitId,
  kind: 'client',
  scopes,
});

const INVOICE: RoutePolicy = {
  action: 'read',
  resource: 'invoice',
  users: {
    province: Reach.All,
    commune: Reach.ManagedSchools,
    principal: Reach.Unit,
    'school-staff': Reach.Unit,
    family: Reach.Guardian,
    teacher: Reach.Classes,
  },
  clients: { 'payments:read': Reach.Unit },
};

async function reaches(
  p: Principal,
  school: string,
  learner = 'child-1',
  classIds = ['class-5a'],
): Promise<boolean> {
  const d = decideGrant(p, INVOICE);
  if (!d.allowed) return false;
  const resource = { orgUnitIds: [school], learnerId: learner, classIds };
  return scopeCovers(d.scope, resource, facts, guardians, p, teaching);
}

describe('decideGrant and scopeCovers', () => {
  it('gives each role its reach', async () => {
    expect(await reaches(user([Role.Province], null), OTHER_COMMUNE_SCHOOL)).toBe(true);
    expect(await reaches(user([Role.SchoolStaff], PRIMARY), PRIMARY)).toBe(true);
    expect(await reaches(user([Role.SchoolStaff], PRIMARY), HIGH)).toBe(false);
    expect(await reaches(user([Role.Principal], PRIMARY), OTHER_COMMUNE_SCHOOL)).toBe(false);
    expect(await reaches(user([Role.Family], null, 'parent-1'), OTHER_COMMUNE_SCHOOL)).toBe(true);
    expect(await reaches(user([Role.Family], null, 'parent-2'), PRIMARY)).toBe(false);
    expect(await reaches(user([Role.Family], null, 'parent-1'), PRIMARY, 'child-2')).toBe(false);
  });

  it('gives a teacher the classes they teach, only those, and nothing without the teaching directory', async () => {
    const teacher = user([Role.Teacher], PRIMARY, 't-1');
    expect(await reaches(teacher, PRIMARY)).toBe(true);
    expect(await reaches(teacher, PRIMARY, 'child-1', ['class-5b'])).toBe(false);
    // A resource of no class (a school-wide record) is not a teacher's.
    expect(await reaches(teacher, PRIMARY, 'child-1', [])).toBe(false);
    expect(await reaches(user([Role.Teacher], PRIMARY, 't-2'), PRIMARY)).toBe(false);
    const d = decideGrant(teacher, INVOICE);
    if (!d.allowed) throw new Error('teachers are listed');
    expect(d.scope).toEqual({ taughtBy: 't-1' });
    const resource = { orgUnitIds: [PRIMARY], classIds: ['class-5a'] };
    expect(await scopeCovers(d.scope, resource, facts, guardians, teacher)).toBe(false);
    // Teacher and staff at once: the narrower reach, their own classes.
    const both = user([Role.Teacher, Role.SchoolStaff], PRIMARY, 't-1');
    expect(await reaches(both, PRIMARY, 'child-1', ['class-5b'])).toBe(false);
    expect(await reaches(both, PRIMARY)).toBe(true);
  });

  it('gives a commune the schools it manages, not the upper-secondary ones (2025 two-tier rules)', async () => {
    expect(await reaches(user([Role.Commune], COMMUNE), PRIMARY)).toBe(true);
    expect(await reaches(user([Role.Commune], COMMUNE), HIGH)).toBe(false);
    expect(await reaches(user([Role.Commune], COMMUNE), OTHER_COMMUNE_SCHOOL)).toBe(false);
    // A unit the tree does not know is never a commune's.
    expect(await reaches(user([Role.Commune], COMMUNE), 'unknown')).toBe(false);
  });

  it('never widens a scope with a second role: staff plus family is limited to the own child at the own school', async () => {
    const both = user([Role.SchoolStaff, Role.Family], PRIMARY, 'parent-1');
    expect(await reaches(both, PRIMARY, 'child-1')).toBe(true);
    expect(await reaches(both, PRIMARY, 'child-2')).toBe(false);
    expect(await reaches(both, OTHER_COMMUNE_SCHOOL, 'child-1')).toBe(false);
    const provinceParent = user([Role.Province, Role.Family], null, 'parent-1');
    expect(await reaches(provinceParent, PRIMARY, 'child-2')).toBe(false);
  });

  it('ignores roles the policy does not list instead of refusing them', () => {
    const d = decideGrant(user([Role.Principal, Role.Teacher], PRIMARY), {
      action: 'approve',
      resource: 'transfer',
      users: { principal: Reach.Unit },
    });
    expect(d).toEqual({
      allowed: true,
      scope: { withinUnit: PRIMARY },
      grants: ['role:principal'],
    });
  });

  it('refuses a caller none of whose roles the policy lists, and says which would do', () => {
    expect(
      decideGrant(user([Role.Family], null), {
        action: 'cancel',
        resource: 'invoice',
        users: { province: Reach.All, principal: Reach.Unit },
      }),
    ).toEqual({ allowed: false, reason: 'requires one of the roles: province, principal' });
  });

  it('judges integration clients by their named scopes only', async () => {
    expect(decideGrant(client([]), INVOICE)).toEqual({
      allowed: false,
      reason: 'requires one of the client scopes: payments:read',
    });
    expect(await reaches(client(['payments:read'], COMMUNE), PRIMARY)).toBe(true);
    expect(await reaches(client(['payments:read'], COMMUNE), OTHER_COMMUNE_SCHOOL)).toBe(false);
    // A client scope reaching the unit of a client without one reaches nothing.
    expect(await reaches(client(['payments:read'], null), PRIMARY)).toBe(false);
    const examOnly: RoutePolicy = {
      action: 'publish',
      resource: 'exam-scores',
      clients: { 'exam-scores:publish': Reach.All },
    };
    expect(decideGrant(user([Role.Province], null), examOnly)).toEqual({
      allowed: false,
      reason: 'only integration clients may publish exam-scores',
    });
    expect(decideGrant(client(['applications:submit']), examOnly).allowed).toBe(false);
    expect(decideGrant(client(['exam-scores:publish']), examOnly).allowed).toBe(true);
  });

  it('fails closed without the ports a reach needs', async () => {
    const fam = user([Role.Family], null, 'parent-1');
    const d = decideGrant(fam, INVOICE);
    if (!d.allowed) throw new Error('expected a grant');
    const res = { orgUnitIds: [PRIMARY], learnerId: 'child-1' };
    expect(await scopeCovers(d.scope, res, facts, undefined, fam)).toBe(false);
    const commune = user([Role.Commune], COMMUNE);
    const c = decideGrant(commune, INVOICE);
    if (!c.allowed) throw new Error('expected a grant');
    expect(
      await scopeCovers(c.scope, res, { ancestorsOf: facts.ancestorsOf }, guardians, commune),
    ).toBe(false);
  });

  it('narrows two units to nothing when they differ', () => {
    expect(narrow({ withinUnit: 'a' }, { withinUnit: 'b' })).toEqual({ nothing: true });
    expect(narrow({ guardianOf: 'a' }, { withinUnit: 'b', communeManagedOnly: true })).toEqual({
      guardianOf: 'a',
      withinUnit: 'b',
      communeManagedOnly: true,
    });
  });
});

describe('checkPolicy', () => {
  it('refuses policies that cannot work', () => {
    expect(() =>
      checkPolicy({ action: '', resource: 'x', users: { province: Reach.All } }, 'r'),
    ).toThrow(/no action/);
    expect(() =>
      checkPolicy(
        { action: 'read', resource: 'x', users: { 'integration-client': Reach.All } as never },
        'r',
      ),
    ).toThrow(/unknown user role "integration-client"/);
    expect(() =>
      checkPolicy({ action: 'read', resource: 'x', clients: { a: 'own' as never } }, 'r'),
    ).toThrow(/unknown reach "own"/);
  });
});

import {
  decideGrant,
  GuardianDirectory,
  OrgUnitFacts,
  Principal,
  Reach,
  Role,
  scopeCovers,
  TeachingDirectory,
  UserRole,
} from '@qn/auth';
import { CLASS_READERS, LEARNER_RECORD_READERS } from './reaches';

// A commune with a primary school and an upper-secondary school; a learner of class 6A1 who
// moved from the primary school to another commune's school.
const PARENT: Record<string, string> = { primary: 'commune', high: 'commune', away: 'c2' };
const facts: OrgUnitFacts = {
  async ancestorsOf(id) {
    return PARENT[id] ? [PARENT[id]!, 'province'] : [];
  },
  async isDepartmentManaged(id) {
    return id === 'high';
  },
};
const guardians: GuardianDirectory = {
  async isGuardian(subject, learner) {
    return subject === 'parent' && learner === 'learner';
  },
};
const teaching: TeachingDirectory = {
  async teaches(subject, classId) {
    return subject === 'gv-6a1' && classId === '6a1';
  },
};
const person = (role: UserRole, unit: string | null, subject = `u-${role}`): Principal => ({
  subject,
  roles: [role as Role],
  orgUnitId: unit,
  kind: 'user',
  scopes: [],
});

async function reaches(
  users: Partial<Record<UserRole, Reach>>,
  p: Principal,
  resource: { orgUnitIds: string[]; classIds?: string[]; learnerId?: string },
): Promise<boolean> {
  const d = decideGrant(p, { action: 'read', resource: 'x', users });
  return d.allowed && scopeCovers(d.scope, resource, facts, guardians, p, teaching);
}

describe('who reaches a class and a learner record', () => {
  const klass = { orgUnitIds: ['primary'], classIds: ['6a1'] };
  const record = {
    orgUnitIds: ['primary', 'away'],
    classIds: ['6a1', '6b1'],
    learnerId: 'learner',
  };

  it('gives a class to its teachers, its school, the commune that manages it and the department', async () => {
    expect(await reaches(CLASS_READERS, person('teacher', 'primary', 'gv-6a1'), klass)).toBe(true);
    expect(await reaches(CLASS_READERS, person('teacher', 'primary', 'gv-6a2'), klass)).toBe(false);
    expect(await reaches(CLASS_READERS, person('principal', 'primary'), klass)).toBe(true);
    expect(await reaches(CLASS_READERS, person('school-staff', 'away'), klass)).toBe(false);
    expect(await reaches(CLASS_READERS, person('commune', 'commune'), klass)).toBe(true);
    expect(await reaches(CLASS_READERS, person('province', null), klass)).toBe(true);
    expect(await reaches(CLASS_READERS, person('family', null, 'parent'), klass)).toBe(false);
  });

  it('keeps upper-secondary classes from the commune (2025 two-tier rules)', async () => {
    const upper = { orgUnitIds: ['high'], classIds: ['10a1'] };
    expect(await reaches(CLASS_READERS, person('commune', 'commune'), upper)).toBe(false);
    expect(await reaches(CLASS_READERS, person('principal', 'high'), upper)).toBe(true);
  });

  it("gives a learner's record to every school and class of the learner, and to the guardians", async () => {
    const r = LEARNER_RECORD_READERS;
    expect(await reaches(r, person('principal', 'away'), record)).toBe(true);
    expect(await reaches(r, person('principal', 'primary'), record)).toBe(true);
    expect(await reaches(r, person('teacher', 'primary', 'gv-6a1'), record)).toBe(true);
    expect(await reaches(r, person('family', null, 'parent'), record)).toBe(true);
    expect(await reaches(r, person('family', null, 'other-parent'), record)).toBe(false);
    expect(await reaches(r, person('principal', 'high'), record)).toBe(false);
  });
});

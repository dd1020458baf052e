import type { Principal } from '@qn/auth';
import { isCompetent } from './competence';

const who = (role: Principal['roles'][number], orgUnitId: string): Principal =>
  ({
    subject: 's',
    roles: [role],
    orgUnitId,
    kind: 'person',
  }) as unknown as Principal;

describe('the competent authority for a diploma', () => {
  const lower = {
    kind: 'lower-secondary-diploma' as const,
    authorityId: 'w1',
    authorityIsCommune: true,
  };
  const upper = {
    kind: 'upper-secondary-diploma' as const,
    authorityId: 'p',
    authorityIsCommune: false,
  };

  it('is the commune that keeps a lower-secondary register, and no other', () => {
    expect(isCompetent(who('commune', 'w1'), lower)).toBe(true);
    expect(isCompetent(who('commune', 'w2'), lower)).toBe(false);
    expect(isCompetent(who('province', 'p'), lower)).toBe(false);
    expect(isCompetent(who('principal', 'w1'), lower)).toBe(false);
  });

  it('is the department for upper secondary', () => {
    expect(isCompetent(who('province', 'p'), upper)).toBe(true);
    expect(isCompetent(who('commune', 'p'), upper)).toBe(false);
  });

  it('is the department for a register whose keeper is no commune any more (a former district)', () => {
    const old = {
      kind: 'lower-secondary-diploma' as const,
      authorityId: 'd',
      authorityIsCommune: false,
    };
    expect(isCompetent(who('province', 'p'), old)).toBe(true);
    expect(isCompetent(who('commune', 'd'), old)).toBe(false);
    const unknown = {
      kind: 'lower-secondary-diploma' as const,
      authorityId: null,
      authorityIsCommune: false,
    };
    expect(isCompetent(who('province', 'p'), unknown)).toBe(true);
  });
});

import { TokenRejectedError } from './errors';
import { hasAnyRole, principalFromClaims } from './principal';
import { ALL_ROLES, isRole, Role } from './roles';

function reason(claims: Record<string, unknown>): string {
  try {
    principalFromClaims(claims);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRejectedError);
    return (error as TokenRejectedError).reason;
  }
  throw new Error('expected the claims to be rejected');
}

describe('principalFromClaims', () => {
  it('maps claims and removes duplicate roles', () => {
    expect(
      principalFromClaims({
        sub: 's',
        roles: ['teacher', 'teacher', 'principal'],
        org_unit_id: 'o',
        name: 'N',
      }),
    ).toEqual({
      subject: 's',
      roles: ['teacher', 'principal'],
      orgUnitId: 'o',
      name: 'N',
    });
    expect(principalFromClaims({ sub: 's', roles: ['province'] })).toEqual({
      subject: 's',
      roles: ['province'],
      orgUnitId: null,
    });
  });

  it('rejects with a clear reason', () => {
    expect(reason({ roles: ['teacher'] })).toBe('token has no "sub" claim');
    expect(reason({ sub: '', roles: ['teacher'] })).toBe('token has no "sub" claim');
    expect(reason({ sub: 's' })).toBe('claim "roles" must be a non-empty array');
    expect(reason({ sub: 's', roles: [] })).toBe('claim "roles" must be a non-empty array');
    expect(reason({ sub: 's', roles: 'province' })).toBe('claim "roles" must be a non-empty array');
    expect(reason({ sub: 's', roles: ['Province'] })).toBe(
      'unknown role "Province" in claim "roles"',
    );
    expect(reason({ sub: 's', roles: [1] })).toBe('unknown role 1 in claim "roles"');
    expect(reason({ sub: 's', roles: ['teacher'], org_unit_id: 5 })).toMatch(/org_unit_id/);
    expect(reason({ sub: 's', roles: ['teacher'], name: {} })).toMatch(/"name"/);
  });
});

describe('roles', () => {
  it('lists the seven platform roles', () => {
    expect(ALL_ROLES).toEqual([
      'province',
      'commune',
      'school-staff',
      'teacher',
      'principal',
      'family',
      'integration-client',
    ]);
    expect(isRole('family')).toBe(true);
    expect(isRole('admin')).toBe(false);
    expect(
      hasAnyRole({ subject: 's', roles: [Role.Teacher], orgUnitId: null }, [
        Role.Principal,
        Role.Teacher,
      ]),
    ).toBe(true);
    expect(
      hasAnyRole({ subject: 's', roles: [Role.Family], orgUnitId: null }, [Role.Teacher]),
    ).toBe(false);
  });
});

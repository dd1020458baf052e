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
      kind: 'user',
      scopes: [],
    });
    expect(principalFromClaims({ sub: 's', roles: ['province'] })).toEqual({
      subject: 's',
      roles: ['province'],
      orgUnitId: null,
      kind: 'user',
      scopes: [],
    });
  });

  it('makes an integration client a principal of its own, with named scopes', () => {
    expect(
      principalFromClaims({
        sub: 'exam-board',
        roles: ['integration-client'],
        scope: 'exam-scores:publish  exam-scores:publish',
      }),
    ).toEqual({
      subject: 'exam-board',
      roles: ['integration-client'],
      orgUnitId: null,
      kind: 'client',
      scopes: ['exam-scores:publish'],
    });
    // A person's token may carry OIDC scopes; they grant nothing.
    expect(
      principalFromClaims({ sub: 'u', roles: ['family'], scope: 'openid profile' }).scopes,
    ).toEqual([]);
  });

  it('never mixes a client with a person in one token', () => {
    expect(reason({ sub: 'c', roles: ['integration-client', 'province'] })).toBe(
      'an integration client token carries no other role',
    );
    expect(reason({ sub: 'c', roles: ['integration-client'], scope: ['a'] })).toMatch(/"scope"/);
    expect(reason({ sub: 'c', roles: ['integration-client'], scope: 'a b\u0000' })).toMatch(
      /malformed scope/,
    );
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
      hasAnyRole(
        { subject: 's', roles: [Role.Teacher], orgUnitId: null, kind: 'user', scopes: [] },
        [Role.Principal, Role.Teacher],
      ),
    ).toBe(true);
    expect(
      hasAnyRole(
        { subject: 's', roles: [Role.Family], orgUnitId: null, kind: 'user', scopes: [] },
        [Role.Teacher],
      ),
    ).toBe(false);
  });
});

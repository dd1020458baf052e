import { competentAuthority, diplomaKindOf, type UnitInfo } from './competent-authority';

const province: UnitInfo = { id: 'p', kind: 'province', name: 'Tỉnh Quảng Ninh', code: 'QN' };
const ward: UnitInfo = { id: 'w', kind: 'ward', name: 'Phường Bãi Cháy', code: 'BC' };
const zone: UnitInfo = { id: 'z', kind: 'special-zone', name: 'Đặc khu Vân Đồn', code: 'VD' };

describe('the competent authority (2025 two-tier rules)', () => {
  it('gives lower secondary to the commune-level unit of the school', () => {
    const r = competentAuthority('lower-secondary', [ward, province]);
    expect(r).toEqual({
      ok: true,
      authority: {
        orgUnitId: 'w',
        name: 'Ủy ban nhân dân Phường Bãi Cháy',
        code: 'BC',
        level: 'commune',
      },
    });
    const z = competentAuthority('lower-secondary', [zone, province]);
    expect(z.ok && z.authority.orgUnitId).toBe('z');
  });

  it('gives upper secondary to the department of the province, whoever the school’s commune is', () => {
    const r = competentAuthority('upper-secondary', [ward, province]);
    expect(r).toEqual({
      ok: true,
      authority: {
        orgUnitId: 'p',
        name: 'Sở Giáo dục và Đào tạo tỉnh Quảng Ninh',
        code: 'QN',
        level: 'department',
      },
    });
  });

  it('gives lower secondary at a school the department manages (a GDNN-GDTX centre) to the department', () => {
    const r = competentAuthority('lower-secondary', [ward, province], true);
    expect(r.ok && r.authority).toMatchObject({ orgUnitId: 'p', level: 'department' });
  });

  it('says what is missing when the tree does not reach the authority', () => {
    expect(competentAuthority('lower-secondary', [province])).toEqual({
      ok: false,
      code: 'school-has-no-commune',
    });
    expect(competentAuthority('upper-secondary', [ward])).toEqual({
      ok: false,
      code: 'school-has-no-province',
    });
  });

  it('maps levels to diploma kinds', () => {
    expect(diplomaKindOf('lower-secondary')).toBe('lower-secondary-diploma');
    expect(diplomaKindOf('upper-secondary')).toBe('upper-secondary-diploma');
  });
});

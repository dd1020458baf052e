import type { DiplomaKind, GraduationLevel } from '@qn/contracts';

/** An org unit as the authority rules need it. */
export interface UnitInfo {
  id: string;
  kind: 'province' | 'district' | 'commune' | 'ward' | 'special-zone' | 'school';
  name: string;
  code: string;
}

export interface CompetentAuthority {
  /** The org unit whose authority issues: the commune (lower secondary) or the province (its department). */
  orgUnitId: string;
  /** As printed on the diploma and in the register. */
  name: string;
  /** Short code for register numbers (the unit's registry code). */
  code: string;
  level: 'commune' | 'department';
}

export type AuthorityResult =
  { ok: true; authority: CompetentAuthority } | { ok: false; code: string };

const COMMUNE_KINDS = new Set(['commune', 'ward', 'special-zone']);

export const diplomaKindOf = (level: GraduationLevel): DiplomaKind =>
  level === 'lower-secondary' ? 'lower-secondary-diploma' : 'upper-secondary-diploma';

/**
 * Who recognises graduation and issues the diploma, under the 2025 two-tier local government:
 * lower secondary (THCS) — the commune-level unit (xã, phường, đặc khu) that manages the school,
 * which took over what the abolished districts did; upper secondary (THPT), and lower secondary
 * at a school the department manages (one with upper-secondary, continuing-education or
 * vocational levels, e.g. a GDNN-GDTX centre) — the province's Department of Education and
 * Training (Sở GDĐT). `ancestors` is the school's dated ancestry, parent first (the school itself
 * excluded).
 */
export function competentAuthority(
  level: GraduationLevel,
  ancestors: UnitInfo[],
  departmentManaged = false,
): AuthorityResult {
  if (level === 'lower-secondary' && !departmentManaged) {
    const commune = ancestors.find((u) => COMMUNE_KINDS.has(u.kind));
    if (!commune) return { ok: false, code: 'school-has-no-commune' };
    return {
      ok: true,
      authority: {
        orgUnitId: commune.id,
        name: `Ủy ban nhân dân ${commune.name}`.normalize('NFC'),
        code: commune.code,
        level: 'commune',
      },
    };
  }
  const province = ancestors.find((u) => u.kind === 'province');
  if (!province) return { ok: false, code: 'school-has-no-province' };
  return {
    ok: true,
    authority: {
      orgUnitId: province.id,
      name: `Sở Giáo dục và Đào tạo ${lowerFirst(province.name)}`.normalize('NFC'),
      code: province.code,
      level: 'department',
    },
  };
}

/** "Tỉnh Quảng Ninh" → "tỉnh Quảng Ninh", as it reads after "Sở Giáo dục và Đào tạo". */
function lowerFirst(name: string): string {
  const [first, ...rest] = name.split(' ');
  return /^(Tỉnh|Thành phố)$/.test(first) ? [first.toLowerCase(), ...rest].join(' ') : name;
}

/**
 * Roles carried in the `roles` claim. A const object rather than a TS enum so that both
 * `Role.Province` and the plain string `'province'` type-check, and the values are exactly
 * what appears in the token.
 */
export const Role = {
  /** Sở GDĐT (provincial Department of Education and Training) staff: sees everything. */
  Province: 'province',
  /** Cán bộ xã/phường (commune/ward staff): the schools under their unit. */
  Commune: 'commune',
  /** Nhân viên nhà trường (school office staff). */
  SchoolStaff: 'school-staff',
  /** Giáo viên (teacher). */
  Teacher: 'teacher',
  /** Hiệu trưởng (principal). */
  Principal: 'principal',
  /** Phụ huynh / học sinh (parent or pupil). */
  Family: 'family',
  /** Outside systems (hệ thống bên ngoài): admission portals, finance, etc. */
  IntegrationClient: 'integration-client',
} as const;

export type Role = (typeof Role)[keyof typeof Role];

export const ALL_ROLES: readonly Role[] = Object.freeze(Object.values(Role));

const ROLE_SET: ReadonlySet<string> = new Set<string>(ALL_ROLES);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && ROLE_SET.has(value);
}

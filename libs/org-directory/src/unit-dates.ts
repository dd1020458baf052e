import type { OrgUnitVersion } from '@qn/contracts';

/** Whether a dated thing (a unit, one of its versions) is in force on `day` (YYYY-MM-DD): [from, to). */
export const inForceOn = (u: { validFrom: string; validTo: string | null }, day: string): boolean =>
  u.validFrom <= day && (u.validTo === null || day < u.validTo);

/**
 * A unit's name on `day`: the version in force then (a school renamed after the 2025 mergers
 * shows its name of that day); a unit closed by then keeps its last name. Null when the
 * service's copy of the registry does not know the unit (yet).
 */
export function nameOn(
  unit: { name: string; versions: OrgUnitVersion[] } | undefined,
  day: string,
): string | null {
  if (!unit) return null;
  return unit.versions.find((v) => inForceOn(v, day))?.name ?? unit.name;
}

import { hasAnyRole, type Principal } from '@qn/auth';
import type { DiplomaKind } from '@qn/contracts';

/** Who keeps a diploma's register, as the competence rule needs it. */
export interface Keeper {
  kind: DiplomaKind;
  /** The register's authority (an org unit id), when it still is one. */
  authorityId: string | null;
  /** Whether that authority is a commune-level unit (xã, phường, đặc khu). */
  authorityIsCommune: boolean;
}

/**
 * The competent authority for a diploma (Circular 21/2019 with the 2025 two-tier rules): the
 * commune that keeps a lower-secondary register decides on its entries (approval, revocation,
 * correction); the department decides on upper-secondary ones and on registers kept by a unit
 * that no longer exists (a former district's books).
 */
export function isCompetent(principal: Principal, keeper: Keeper): boolean {
  if (keeper.kind === 'lower-secondary-diploma' && keeper.authorityIsCommune)
    return hasAnyRole(principal, ['commune']) && principal.orgUnitId === keeper.authorityId;
  return hasAnyRole(principal, ['province']);
}

/**
 * Turns the demo province into the batch that builds it through `POST /org-units/batch`, as the
 * department would have recorded it over time: each unit starts under the parent it had when it
 * opened (a former district before 1 July 2025) and moves to its new commune-level unit on
 * 1 July 2025; districts end that day naming their successors; later moves and closures follow.
 * The registry applies every item's history in date order. Pure: the loader sends the items.
 */
import type { OrgUnitKind } from '@qn/contracts';
import type { DemoOrgUnit, DemoSchoolMove } from './quang-ninh';

/** One item of `POST /org-units/batch` (parents and successors by code). */
export interface DemoBatchItem {
  code: string;
  kind: OrgUnitKind;
  name: string;
  parentCode: string | null;
  validFrom: string;
  school: DemoOrgUnit['school'];
  placeChanges?: Array<{ effectiveFrom: string; parentCode: string }>;
  end?: { validTo: string; successorCodes: string[] };
}

/** The most items the registry takes in one batch (its documented limit). */
export const DEMO_BATCH_LIMIT = 2000;

const inForce = (u: Pick<DemoOrgUnit, 'validFrom' | 'validTo'>, date: string) =>
  u.validFrom <= date && (u.validTo === null || date < u.validTo);

/** The batch items, parents before children (the registry would resolve any order). */
export function planDemoLoad(
  units: DemoOrgUnit[],
  moves: ReadonlyArray<DemoSchoolMove>,
  reorganisation = '2025-07-01',
): DemoBatchItem[] {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const districts = units.filter((u) => u.kind === 'district');
  const predecessorOf = (communeCode: string) =>
    districts.find((d) => d.successorCodes.includes(communeCode));
  const rank = (u: DemoOrgUnit) =>
    ['province', 'district', 'commune', 'ward', 'special-zone', 'school'].indexOf(u.kind);
  const ordered = [...units].sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code));

  return ordered.map((unit) => {
    const item: DemoBatchItem = {
      code: unit.code,
      kind: unit.kind,
      name: unit.name,
      parentCode: unit.parentCode,
      validFrom: unit.validFrom,
      school: unit.school,
    };
    const placeChanges: NonNullable<DemoBatchItem['placeChanges']> = [];
    if (unit.kind === 'school' && unit.parentCode && unit.validFrom < reorganisation) {
      // Before the reorganisation the school sat under the district its commune came from.
      const district = predecessorOf(unit.parentCode);
      item.parentCode =
        district && inForce(district, unit.validFrom)
          ? district.code
          : byCode.get(unit.parentCode)!.parentCode;
      if (unit.validTo === null || unit.validTo > reorganisation)
        placeChanges.push({ effectiveFrom: reorganisation, parentCode: unit.parentCode });
    }
    for (const m of moves.filter((m) => m.schoolCode === unit.code))
      placeChanges.push({ effectiveFrom: m.effectiveFrom, parentCode: m.newParentCode });
    if (placeChanges.length)
      item.placeChanges = placeChanges.sort((a, b) =>
        a.effectiveFrom.localeCompare(b.effectiveFrom),
      );
    if (unit.validTo !== null)
      item.end = { validTo: unit.validTo, successorCodes: unit.successorCodes };
    return item;
  });
}

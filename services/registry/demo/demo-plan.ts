/**
 * Turns the demo province into the ordered registry operations that build it, as the
 * department would have recorded it over time: units are created under the parent they had
 * when they opened (a former district before 1 July 2025), then moved to their new commune-level
 * unit on 1 July 2025; districts end that day naming their successors; later moves and closures
 * follow. Pure: the loader sends these operations to the REST API.
 */
import type { DemoOrgUnit, DemoSchoolMove } from './quang-ninh';

export type DemoOperation =
  | { op: 'create'; unit: DemoOrgUnit; parentCode: string | null; validFrom: string }
  | { op: 'move'; code: string; parentCode: string; effectiveFrom: string }
  | { op: 'end'; code: string; validTo: string; successorCodes: string[] };

const inForce = (u: Pick<DemoOrgUnit, 'validFrom' | 'validTo'>, date: string) =>
  u.validFrom <= date && (u.validTo === null || date < u.validTo);

export function planDemoLoad(
  units: DemoOrgUnit[],
  moves: ReadonlyArray<DemoSchoolMove>,
  reorganisation = '2025-07-01',
): DemoOperation[] {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const ops: DemoOperation[] = [];
  const districts = units.filter((u) => u.kind === 'district');
  const predecessorOf = (communeCode: string) =>
    districts.find((d) => d.successorCodes.includes(communeCode));
  const rank = (u: DemoOrgUnit) =>
    ['province', 'district', 'commune', 'ward', 'special-zone', 'school'].indexOf(u.kind);
  const ordered = [...units].sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code));
  const closures: DemoOperation[] = [];

  for (const unit of ordered) {
    if (unit.kind === 'school' && unit.parentCode && unit.validFrom < reorganisation) {
      // Before the reorganisation the school sat under the district its commune came from.
      const district = predecessorOf(unit.parentCode);
      const firstParent =
        district && inForce(district, unit.validFrom)
          ? district.code
          : byCode.get(unit.parentCode)!.parentCode;
      const closesBeforeReorganisation = unit.validTo !== null && unit.validTo <= reorganisation;
      ops.push({ op: 'create', unit, parentCode: firstParent, validFrom: unit.validFrom });
      if (!closesBeforeReorganisation)
        ops.push({
          op: 'move',
          code: unit.code,
          parentCode: unit.parentCode,
          effectiveFrom: reorganisation,
        });
    } else {
      ops.push({ op: 'create', unit, parentCode: unit.parentCode, validFrom: unit.validFrom });
    }
    if (unit.validTo !== null)
      closures.push({
        op: 'end',
        code: unit.code,
        validTo: unit.validTo,
        successorCodes: unit.successorCodes,
      });
  }
  // Districts end on the reorganisation day; other closures and moves follow in date order.
  const later: Array<DemoOperation & { at: string }> = [
    ...closures.map((c) => ({ ...c, at: (c as { validTo: string }).validTo })),
    ...moves.map((m) => ({
      op: 'move' as const,
      code: m.schoolCode,
      parentCode: m.newParentCode,
      effectiveFrom: m.effectiveFrom,
      at: m.effectiveFrom,
    })),
  ];
  later.sort((a, b) => a.at.localeCompare(b.at) || (a.op === 'move' ? -1 : 1));
  return [...ops, ...later.map(({ at: _at, ...op }) => op as DemoOperation)];
}

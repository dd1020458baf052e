/**
 * Organisation units as a tree with effective dates (pure domain, no framework).
 * Dates are calendar dates (YYYY-MM-DD) in the province's time zone; a period runs from
 * `validFrom` (inclusive) to `validTo` (exclusive, null = open).
 */
import {
  DomainError,
  isIsoDate,
  type OrgUnitKind,
  type OrgUnitVersion,
  type SchoolAttributes,
} from '@qn/contracts';

export interface OrgUnitState {
  id: string;
  code: string;
  kind: OrgUnitKind;
  validFrom: string;
  validTo: string | null;
  successorIds: string[];
  versions: OrgUnitVersion[];
  school: SchoolAttributes | null;
  revision: number;
}

/**
 * A rule of the tree was broken; `field` names the request field at fault. A conflict with the
 * unit as it is now answers 409, any other broken rule 422.
 */
export class OrgUnitRuleError extends DomainError {
  constructor(
    readonly field: string,
    message: string,
    readonly code: 'invalid' | 'conflict' = 'invalid',
  ) {
    super(
      code === 'conflict' ? 409 : 422,
      code === 'conflict' ? 'org-unit-conflict' : 'org-unit-rule',
      code === 'conflict'
        ? 'The change conflicts with the unit as it is'
        : 'The change breaks a rule of the organisation tree',
      message,
      { errors: [{ field, message }] },
    );
  }
}

/** Which kinds may be the parent of which. The district tier existed until 1 July 2025. */
export const ALLOWED_PARENTS: Record<OrgUnitKind, OrgUnitKind[]> = {
  province: [],
  district: ['province'],
  commune: ['province', 'district'],
  ward: ['province', 'district'],
  'special-zone': ['province'],
  school: ['commune', 'ward', 'special-zone', 'district', 'province'],
};

/** A real calendar date YYYY-MM-DD (the platform's calendar kernel). */
export const isValidDate = (d: string): boolean => isIsoDate(d);

/** True when the period [from, to) contains `date`. */
export const coversDate = (from: string, to: string | null, date: string) =>
  from <= date && (to === null || date < to);

/** NFC-normalised, trimmed, single-spaced Vietnamese text. */
export const normaliseName = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ');

export const current = (u: Pick<OrgUnitState, 'versions'>): OrgUnitVersion =>
  u.versions[u.versions.length - 1];

/** The version (name, parent) in force on `date`, if the unit existed then. */
export function versionAt(
  u: Pick<OrgUnitState, 'versions'>,
  date: string,
): OrgUnitVersion | undefined {
  return u.versions.find((v) => coversDate(v.validFrom, v.validTo, date));
}

export interface NewOrgUnit {
  id: string;
  code: string;
  kind: OrgUnitKind;
  name: string;
  validFrom: string;
  validTo?: string | null;
  school?: SchoolAttributes | null;
}

type ParentView = Pick<OrgUnitState, 'id' | 'kind' | 'validFrom' | 'validTo'>;

function checkParent(kind: OrgUnitKind, parent: ParentView | null, from: string): void {
  const allowed = ALLOWED_PARENTS[kind];
  if (!parent) {
    if (allowed.length)
      throw new OrgUnitRuleError('parentId', `a ${kind} needs a parent (${allowed.join(', ')})`);
    return;
  }
  if (!allowed.includes(parent.kind))
    throw new OrgUnitRuleError('parentId', `a ${kind} cannot be under a ${parent.kind}`);
  if (!coversDate(parent.validFrom, parent.validTo, from)) {
    throw new OrgUnitRuleError(
      'parentId',
      `the parent is not in force on ${from} (valid ${parent.validFrom} to ${parent.validTo ?? 'open'})`,
    );
  }
}

function checkSchool(kind: OrgUnitKind, school: SchoolAttributes | null | undefined): void {
  if (kind === 'school' && !school)
    throw new OrgUnitRuleError('school', 'a school needs its levels, area segment and ownership');
  if (kind !== 'school' && school)
    throw new OrgUnitRuleError('school', `a ${kind} has no school attributes`);
  if (school && new Set(school.levels).size !== school.levels.length)
    throw new OrgUnitRuleError('school.levels', 'levels must not repeat');
}

/** A new unit, checked against its parent. */
export function createOrgUnit(input: NewOrgUnit, parent: ParentView | null): OrgUnitState {
  if (!isValidDate(input.validFrom))
    throw new OrgUnitRuleError('validFrom', 'must be a date YYYY-MM-DD');
  const validTo = input.validTo ?? null;
  if (validTo !== null && (!isValidDate(validTo) || validTo <= input.validFrom))
    throw new OrgUnitRuleError('validTo', 'must be a date after validFrom');
  checkParent(input.kind, parent, input.validFrom);
  checkSchool(input.kind, input.school);
  const name = normaliseName(input.name);
  if (!name) throw new OrgUnitRuleError('name', 'must not be empty');
  return {
    id: input.id,
    code: input.code.trim().toUpperCase(),
    kind: input.kind,
    validFrom: input.validFrom,
    validTo,
    successorIds: [],
    versions: [{ validFrom: input.validFrom, validTo, parentId: parent?.id ?? null, name }],
    school: input.school ?? null,
    revision: 1,
  };
}

/**
 * A change of name and/or parent from `effectiveFrom`: the current version ends there and a new
 * one starts, so reports for earlier periods keep the old parent.
 */
export function changePlace(
  unit: OrgUnitState,
  change: { effectiveFrom: string; name?: string; parent?: ParentView | null },
): OrgUnitState {
  if (!isValidDate(change.effectiveFrom))
    throw new OrgUnitRuleError('effectiveFrom', 'must be a date YYYY-MM-DD');
  if (unit.validTo !== null)
    throw new OrgUnitRuleError('id', 'the unit has ended; it cannot change', 'conflict');
  const now = current(unit);
  if (change.effectiveFrom <= now.validFrom) {
    throw new OrgUnitRuleError(
      'effectiveFrom',
      `must be after the start of the current version (${now.validFrom})`,
      'conflict',
    );
  }
  const parentId = change.parent === undefined ? now.parentId : (change.parent?.id ?? null);
  if (change.parent !== undefined) {
    if (change.parent?.id === unit.id)
      throw new OrgUnitRuleError('parentId', 'a unit cannot be its own parent');
    checkParent(unit.kind, change.parent, change.effectiveFrom);
  }
  const name = change.name === undefined ? now.name : normaliseName(change.name);
  if (!name) throw new OrgUnitRuleError('name', 'must not be empty');
  if (name === now.name && parentId === now.parentId)
    throw new OrgUnitRuleError('effectiveFrom', 'nothing changes');
  return {
    ...unit,
    versions: [
      ...unit.versions.slice(0, -1),
      { ...now, validTo: change.effectiveFrom },
      { validFrom: change.effectiveFrom, validTo: null, parentId, name },
    ],
    revision: unit.revision + 1,
  };
}

/** Ends a unit on `validTo` (exclusive), naming the units that take over its work. */
export function endOrgUnit(
  unit: OrgUnitState,
  validTo: string,
  successors: ParentView[],
): OrgUnitState {
  if (!isValidDate(validTo)) throw new OrgUnitRuleError('validTo', 'must be a date YYYY-MM-DD');
  if (unit.validTo !== null)
    throw new OrgUnitRuleError('id', `the unit already ended on ${unit.validTo}`, 'conflict');
  const now = current(unit);
  if (validTo <= now.validFrom)
    throw new OrgUnitRuleError('validTo', `must be after ${now.validFrom}`);
  for (const s of successors) {
    if (s.id === unit.id)
      throw new OrgUnitRuleError('successorIds', 'a unit cannot succeed itself');
    if (!coversDate(s.validFrom, s.validTo, validTo))
      throw new OrgUnitRuleError('successorIds', `successor ${s.id} is not in force on ${validTo}`);
  }
  return {
    ...unit,
    validTo,
    successorIds: successors.map((s) => s.id),
    versions: [...unit.versions.slice(0, -1), { ...now, validTo }],
    revision: unit.revision + 1,
  };
}

/** Updates a school's levels, segment or ownership (not dated: they describe the school now). */
export function changeSchoolAttributes(
  unit: OrgUnitState,
  school: Partial<SchoolAttributes>,
): OrgUnitState {
  if (unit.kind !== 'school' || !unit.school)
    throw new OrgUnitRuleError('school', `a ${unit.kind} has no school attributes`);
  const next = { ...unit.school, ...school };
  checkSchool('school', next);
  return { ...unit, school: next, revision: unit.revision + 1 };
}

import { Conflict, NotFound } from '@qn/contracts';

export class OrgUnitNotFound extends NotFound {
  constructor(id: string) {
    super('org-unit-not-found', 'No such organisation unit', `no organisation unit with id ${id}`);
  }
}

export class DuplicateOrgUnitCode extends Conflict {
  constructor() {
    super(
      'duplicate-code',
      'An organisation unit with this code exists',
      'codes are unique across the registry',
      { errors: [{ field: 'code', message: 'already in use' }] },
    );
  }
}

/** Rethrows a unique violation on saving a unit as the code already in use; anything else as is. */
export function rethrowDuplicateCode(err: unknown): never {
  if (typeof err === 'object' && err && (err as { code?: string }).code === '23505')
    throw new DuplicateOrgUnitCode();
  throw err;
}

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

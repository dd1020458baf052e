import { Conflict, DomainError, NotFound, RuleViolation } from '@qn/contracts';
import type { BatchProblem } from './org-unit-batch';

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

/**
 * A batch with failing items imports nothing: every failing item and field is listed
 * (`items.<index>.<field>`). 409 when every failure is a clash with a unit already in the
 * registry, 422 otherwise.
 */
export function orgUnitBatchRejected(problems: BatchProblem[]): DomainError {
  const errors = problems.map(({ field, message }) => ({ field, message }));
  const items = new Set(problems.map((p) => p.field.split('.')[1])).size;
  const detail = `${items} item(s) of the batch fail; nothing was imported`;
  return problems.every((p) => p.conflict)
    ? new Conflict(
        'org-unit-batch-conflict',
        'Items of the batch clash with units in the registry',
        detail,
        { errors },
      )
    : new RuleViolation(
        'org-unit-batch-rule',
        'Items of the batch break rules of the organisation tree',
        detail,
        { errors },
      );
}

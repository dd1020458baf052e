import { ProblemException } from '@qn/service-kit';
import { OrgUnitRuleError } from './domain/org-unit';

/** Maps a broken tree rule to problem+json naming the field (422, or 409 for a conflict). */
export function toProblem(err: unknown): unknown {
  if (err instanceof OrgUnitRuleError) {
    return err.code === 'conflict'
      ? new ProblemException(
          409,
          'org-unit-conflict',
          'The change conflicts with the unit as it is',
          err.message,
          { errors: [{ field: err.field, message: err.message }] },
        )
      : new ProblemException(
          422,
          'org-unit-rule',
          'The change breaks a rule of the organisation tree',
          err.message,
          { errors: [{ field: err.field, message: err.message }] },
        );
  }
  if (typeof err === 'object' && err && (err as { code?: string }).code === '23505') {
    return new ProblemException(
      409,
      'duplicate-code',
      'An organisation unit with this code exists',
      'codes are unique across the registry',
      { errors: [{ field: 'code', message: 'already in use' }] },
    );
  }
  return err;
}

export const notFound = (id: string) =>
  new ProblemException(
    404,
    'org-unit-not-found',
    'No such organisation unit',
    `no organisation unit with id ${id}`,
  );

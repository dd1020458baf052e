import { Injectable } from '@nestjs/common';
import { NotFound } from '@qn/contracts';
import { AccessContext, Principal, RoutePolicy } from '@qn/auth';
import type { ApplicationAudience } from './application-view';
import { ADMISSION_READERS } from '../shared/access/policies';
import { ApplicationRepository, ApplicationRow } from './application.repository';

/**
 * Who may see or change an application: the child's guardians, staff of a wished school, a
 * commune for the schools it manages, the department. The policy guard checks it before the
 * handler runs (an application outside the caller's scope is the same 404 as a missing one).
 */
export const applicationPolicy = (action: string, resource = 'application'): RoutePolicy => ({
  action,
  resource,
  users: ADMISSION_READERS,
  target: { idParam: 'id' },
  personalData: true,
});

/** A caller with the family reach reads as a family (its own claims masked), others as a school. */
export const audienceOf = (access: AccessContext): ApplicationAudience =>
  access.scope.guardianOf !== undefined ? 'family' : 'school';

@Injectable()
export class ApplicationAccess {
  constructor(private readonly applications: ApplicationRepository) {}

  /** The application, if it exists (404); the guard has checked the caller's scope. */
  async load(_principal: Principal, id: string): Promise<ApplicationRow> {
    const a = await this.applications.get(id);
    if (!a)
      throw new NotFound(
        'application-not-found',
        'No such application',
        `no application with id ${id}`,
      );
    return a;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ResourceAttributes, ResourceLocator, resourceLocatorToken } from '@qn/auth';

/** A graduation list belongs to its school. Unknown list: null (404). */
@Injectable()
export class GraduationListLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [row]: Array<{ schoolId: string }> = await this.ds.query(
      `SELECT school_id AS "schoolId" FROM graduation_list WHERE id = $1`,
      [id],
    );
    return row ? { orgUnitIds: [row.schoolId] } : null;
  }
}

/** The credentials service's resource locators, app-wide (the policy guard finds them anywhere). */
export const credentialsAccessProviders = [
  { provide: resourceLocatorToken('graduation-list'), useClass: GraduationListLocator },
];

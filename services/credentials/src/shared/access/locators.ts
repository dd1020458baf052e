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

/**
 * A credential (a diploma) belongs to the school its register entry names. Historic entries of
 * a school that no longer exists have none: then only the province reaches it. Unknown: null (404).
 */
@Injectable()
export class CredentialLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [row]: Array<{ schoolId: string | null }> = await this.ds.query(
      `SELECT e.school_id AS "schoolId"
         FROM credential c JOIN register_entry e ON e.id = c.entry_id WHERE c.id = $1`,
      [id],
    );
    return row ? { orgUnitIds: row.schoolId ? [row.schoolId] : [] } : null;
  }
}

/** A certified copy belongs where its entry does: the entry's school, else its register's unit. */
@Injectable()
export class CertifiedCopyLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [row]: Array<{ units: string[] }> = await this.ds.query(
      `SELECT ARRAY_REMOVE(ARRAY[COALESCE(e.school_id, r.school_id, r.authority_id)], NULL) AS units
         FROM certified_copy c JOIN register_entry e ON e.id = c.entry_id
         JOIN original_register r ON r.id = e.register_id WHERE c.id = $1`,
      [id],
    );
    return row ? { orgUnitIds: row.units } : null;
  }
}

/** The credentials service's resource locators, app-wide (the policy guard finds them anywhere). */
export const credentialsAccessProviders = [
  { provide: resourceLocatorToken('graduation-list'), useClass: GraduationListLocator },
  { provide: resourceLocatorToken('credential'), useClass: CredentialLocator },
  { provide: resourceLocatorToken('certified-copy'), useClass: CertifiedCopyLocator },
];

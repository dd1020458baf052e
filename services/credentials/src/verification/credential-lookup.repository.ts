import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RegisterEntryFacts } from './domain/register-match';

export interface StoredCredential {
  document: object;
  hash: string;
  entry: RegisterEntryFacts;
}

/**
 * Looks a credential up by its id only: verification never searches by a person's name or
 * date of birth, so the public API cannot be used to browse the register.
 */
@Injectable()
export class CredentialLookupRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async byId(credentialId: string): Promise<StoredCredential | undefined> {
    const [row]: Array<StoredCredential['entry'] & { document: object; hash: string }> =
      await this.ds.query(
        `SELECT c.document, c.credential_hash AS hash, r.register_code AS "registerCode",
                e.entry_number AS "entryNumber", e.serial_number AS "serialNumber",
                e.holder_full_name AS "holderFullName",
                to_char(e.holder_date_of_birth, 'YYYY-MM-DD') AS "holderDateOfBirth",
                e.graduation_year AS "graduationYear", e.kind, e.status,
                (SELECT l.id FROM credential l WHERE l.entry_id = e.id ORDER BY l.version DESC LIMIT 1) AS "currentCredentialId"
           FROM credential c JOIN register_entry e ON e.id = c.entry_id
           JOIN original_register r ON r.id = e.register_id
          WHERE c.id = $1`,
        [credentialId],
      );
    if (!row) return undefined;
    const { document, hash, ...entry } = row;
    return { document, hash, entry };
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files imported into a historic register (sổ gốc digitised from the paper archive): one row per
 * accepted file, so the same file sent again is refused rather than doubled, and each entry can be
 * traced to the file it came from. The file itself is not kept (it holds holders' names and dates
 * of birth, which live in `register_entry` only); its SHA-256 is.
 */
export class CredentialsRegisterImports1769000000100 implements MigrationInterface {
  name = 'CredentialsRegisterImports1769000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE register_import (
        id uuid PRIMARY KEY,
        register_id uuid NOT NULL REFERENCES original_register (id),
        file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        entries int NOT NULL CHECK (entries >= 1),
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (register_id, file_sha256)
      )`);
    await q.query(
      `ALTER TABLE register_entry ADD COLUMN import_id uuid REFERENCES register_import (id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE register_entry DROP COLUMN import_id`);
    await q.query(`DROP TABLE register_import`);
  }
}

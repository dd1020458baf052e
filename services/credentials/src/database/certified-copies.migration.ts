import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certified copies issued from the original register (bản sao từ sổ gốc): each request numbered
 * per register, with what the entry said when the copy was made (a later correction does not
 * change a copy already handed out).
 */
export class CredentialsCertifiedCopies1769300000000 implements MigrationInterface {
  name = 'CredentialsCertifiedCopies1769300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE original_register ADD COLUMN last_copy_number int NOT NULL DEFAULT 0`,
    );
    await q.query(`
      CREATE TABLE certified_copy (
        id uuid PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES register_entry (id),
        register_id uuid NOT NULL REFERENCES original_register (id),
        copy_number int NOT NULL,
        copies int NOT NULL CHECK (copies BETWEEN 1 AND 20),
        requester text NOT NULL CHECK (requester IN ('holder', 'representative', 'agency')),
        purpose text,
        -- The entry as the register held it: what the copy prints (personal data).
        entry_snapshot jsonb NOT NULL,
        issued_by text NOT NULL,
        issued_at timestamptz NOT NULL,
        UNIQUE (register_id, copy_number)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE certified_copy`);
    await q.query(`ALTER TABLE original_register DROP COLUMN last_copy_number`);
  }
}

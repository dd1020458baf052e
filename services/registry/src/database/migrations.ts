import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables of the registry, in its own schema (search_path). */
export class RegistryTables1732300000100 implements MigrationInterface {
  name = 'RegistryTables1732300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_unit (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE,
        kind text NOT NULL,
        name text NOT NULL,
        parent_id uuid REFERENCES org_unit (id),
        valid_from date NOT NULL,
        valid_to date,
        successor_ids uuid[] NOT NULL DEFAULT '{}',
        versions jsonb NOT NULL,
        school jsonb,
        revision integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_to IS NULL OR valid_to > valid_from)
      )`);
    await q.query(`CREATE INDEX org_unit_parent ON org_unit (parent_id)`);
    await q.query(`CREATE INDEX org_unit_kind ON org_unit (kind)`);
    await q.query(`
      CREATE TABLE school_year (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        terms jsonb NOT NULL,
        revision integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on > starts_on)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE school_year`);
    await q.query(`DROP TABLE org_unit`);
  }
}

export const registryMigrations = [RegistryTables1732300000100];

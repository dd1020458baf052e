import { Controller, DynamicModule, Injectable, Module, Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { EventTypes, OrgUnitChangedV1 } from '@qn/contracts';
import { ConsumedEvent, ConsumerGroup, EventContext, OnEvent } from '@qn/messaging';
import { ORG_UNIT_ANCESTRY, OrgUnitAncestry } from '@qn/auth';

/**
 * A service's own copy of the registry's organisation tree, rebuilt from the compacted
 * `registry.org-unit.v1` topic alone. Used for scope checks (which school is under which
 * commune) and roll-ups by period (the dated versions say which parent held on which day).
 */
export class OrgDirectoryTables1732300000200 implements MigrationInterface {
  name = 'OrgDirectoryTables1732300000200';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_unit_replica (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        kind text NOT NULL,
        name text NOT NULL,
        parent_id uuid,
        valid_from date NOT NULL,
        valid_to date,
        successor_ids uuid[] NOT NULL,
        versions jsonb NOT NULL,
        school jsonb,
        revision integer NOT NULL,
        source_event_id uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX org_unit_replica_parent ON org_unit_replica (parent_id)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE org_unit_replica`);
  }
}
export const orgDirectoryMigrations = [OrgDirectoryTables1732300000200];

export interface OrgUnitRecord extends OrgUnitChangedV1 {
  updatedAt: string;
}

/** Applies one org-unit event; an older revision than the stored one changes nothing. */
export async function applyOrgUnitChanged(
  tx: EntityManager,
  e: ConsumedEvent<OrgUnitChangedV1>,
): Promise<void> {
  const u = e.event.data;
  await tx.query(
    `INSERT INTO org_unit_replica (id, code, kind, name, parent_id, valid_from, valid_to, successor_ids, versions, school, revision, source_event_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())
     ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, kind = EXCLUDED.kind, name = EXCLUDED.name, parent_id = EXCLUDED.parent_id,
       valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, successor_ids = EXCLUDED.successor_ids, versions = EXCLUDED.versions,
       school = EXCLUDED.school, revision = EXCLUDED.revision, source_event_id = EXCLUDED.source_event_id, updated_at = now()
     WHERE org_unit_replica.revision < EXCLUDED.revision`,
    [
      u.id,
      u.code,
      u.kind,
      u.name,
      u.parentId,
      u.validFrom,
      u.validTo,
      u.successorIds,
      JSON.stringify(u.versions),
      u.school ? JSON.stringify(u.school) : null,
      u.revision,
      e.event.id,
    ],
  );
}

/** Levels whose schools the department manages directly (not the commune). */
const DEPARTMENT_LEVELS = new Set(['upper-secondary', 'continuing', 'vocational']);

const SELECT = `SELECT id, code, kind, name, parent_id AS "parentId", to_char(valid_from, 'YYYY-MM-DD') AS "validFrom",
  to_char(valid_to, 'YYYY-MM-DD') AS "validTo", successor_ids AS "successorIds", versions, school, revision, updated_at AS "updatedAt" FROM org_unit_replica`;

@Injectable()
export class OrgDirectory implements OrgUnitAncestry {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async get(id: string, tx: EntityManager = this.ds.manager): Promise<OrgUnitRecord | undefined> {
    const rows: OrgUnitRecord[] = await tx.query(`${SELECT} WHERE id = $1`, [id]);
    return rows[0];
  }

  /**
   * Several units in one query. Pass the caller's transaction when it holds one: a lookup on
   * another pool connection while a transaction waits would exhaust the pool under load.
   */
  async getMany(
    ids: string[],
    tx: EntityManager = this.ds.manager,
  ): Promise<Map<string, OrgUnitRecord>> {
    if (ids.length === 0) return new Map();
    const rows: OrgUnitRecord[] = await tx.query(`${SELECT} WHERE id = ANY($1::uuid[])`, [
      [...new Set(ids)],
    ]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  async children(parentId: string, asOf: string): Promise<OrgUnitRecord[]> {
    const rows: OrgUnitRecord[] = await this.ds.query(
      `${SELECT} u WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(u.versions) v
         WHERE (v->>'parentId')::uuid = $1 AND (v->>'validFrom') <= $2::text AND ((v->>'validTo') IS NULL OR (v->>'validTo') > $2::text))
       ORDER BY code`,
      [parentId, asOf],
    );
    return rows;
  }

  /** Units with no parent on the date (the province). */
  async roots(asOf: string): Promise<OrgUnitRecord[]> {
    return this.ds.query(
      `${SELECT} u WHERE u.valid_from <= $1::date AND (u.valid_to IS NULL OR u.valid_to > $1::date) AND EXISTS (SELECT 1 FROM jsonb_array_elements(u.versions) v
         WHERE (v->>'parentId') IS NULL AND (v->>'validFrom') <= $1::text AND ((v->>'validTo') IS NULL OR (v->>'validTo') > $1::text)) ORDER BY code`,
      [asOf],
    );
  }

  /** Schools in force on a date anywhere under a unit (or the unit itself), counted by area segment. */
  async schoolsBySegment(orgUnitId: string, asOf: string): Promise<Record<string, number>> {
    const rows: Array<{ segment: string; n: number }> = await this.ds.query(
      `WITH RECURSIVE down(id, depth) AS (
         SELECT $1::uuid, 0
         UNION ALL
         SELECT u.id, down.depth + 1 FROM down JOIN org_unit_replica u ON EXISTS (
           SELECT 1 FROM jsonb_array_elements(u.versions) v
            WHERE (v->>'parentId')::uuid = down.id AND (v->>'validFrom') <= $2::text AND ((v->>'validTo') IS NULL OR (v->>'validTo') > $2::text))
         WHERE down.depth < 10
       )
       SELECT u.school->>'segment' AS segment, count(*)::int AS n FROM down JOIN org_unit_replica u ON u.id = down.id
        WHERE u.kind = 'school' AND u.valid_from <= $2::date AND (u.valid_to IS NULL OR u.valid_to > $2::date)
        GROUP BY 1 ORDER BY 1`,
      [orgUnitId, asOf],
    );
    return Object.fromEntries(rows.map((r) => [r.segment, r.n]));
  }

  /**
   * Units in force on a date anywhere under a unit (not the unit itself), following the dated
   * parents, each with the name of its parent on that date; by depth, then code.
   */
  async descendants(
    orgUnitId: string,
    asOf: string,
  ): Promise<Array<OrgUnitRecord & { depth: number; parentName: string | null }>> {
    return this.ds.query(
      `WITH RECURSIVE down(id, parent_name, depth) AS (
         SELECT $1::uuid, NULL::text, 0
         UNION ALL
         SELECT u.id, p.name, down.depth + 1 FROM down JOIN org_unit_replica p ON p.id = down.id
           JOIN org_unit_replica u ON EXISTS (
           SELECT 1 FROM jsonb_array_elements(u.versions) v
            WHERE (v->>'parentId')::uuid = down.id AND (v->>'validFrom') <= $2::text AND ((v->>'validTo') IS NULL OR (v->>'validTo') > $2::text))
         WHERE down.depth < 10
       )
       SELECT u.id, u.code, u.kind, u.name, u.parent_id AS "parentId", to_char(u.valid_from, 'YYYY-MM-DD') AS "validFrom",
         to_char(u.valid_to, 'YYYY-MM-DD') AS "validTo", u.successor_ids AS "successorIds", u.versions, u.school, u.revision,
         u.updated_at AS "updatedAt", down.depth, down.parent_name AS "parentName"
         FROM down JOIN org_unit_replica u ON u.id = down.id
        WHERE down.depth > 0 AND u.valid_from <= $2::date AND (u.valid_to IS NULL OR u.valid_to > $2::date)
        ORDER BY down.depth, u.code`,
      [orgUnitId, asOf],
    );
  }

  async count(): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM org_unit_replica`);
    return n;
  }

  /**
   * Whether the department manages the unit rather than a commune (2025 two-tier local
   * government): schools teaching upper secondary, continuing-education centres and vocational
   * units. Units the replica does not know answer true, so no commune is given them.
   */
  async isDepartmentManaged(orgUnitId: string): Promise<boolean> {
    const [row]: Array<{ kind: string; levels: string[] | null }> = await this.ds.query(
      `SELECT kind, ARRAY(SELECT jsonb_array_elements_text(school->'levels')) AS levels
         FROM org_unit_replica WHERE id = $1`,
      [orgUnitId],
    );
    if (!row) return true;
    if (row.kind !== 'school') return false;
    return (row.levels ?? []).some((l) => DEPARTMENT_LEVELS.has(l));
  }

  /** Ancestors on a date (parent first), following each unit's dated versions. */
  async ancestorsOf(orgUnitId: string, at: Date = new Date()): Promise<string[]> {
    const day = at.toISOString().slice(0, 10);
    const rows: Array<{ id: string }> = await this.ds.query(
      `WITH RECURSIVE up(id, depth) AS (
         SELECT (v->>'parentId')::uuid, 1 FROM org_unit_replica u, jsonb_array_elements(u.versions) v
          WHERE u.id = $1 AND (v->>'validFrom') <= $2::text AND ((v->>'validTo') IS NULL OR (v->>'validTo') > $2::text)
         UNION ALL
         SELECT (v->>'parentId')::uuid, up.depth + 1 FROM up JOIN org_unit_replica u ON u.id = up.id, jsonb_array_elements(u.versions) v
          WHERE (v->>'validFrom') <= $2::text AND ((v->>'validTo') IS NULL OR (v->>'validTo') > $2::text) AND up.depth < 10
       ) SELECT id FROM up WHERE id IS NOT NULL ORDER BY depth`,
      [orgUnitId, day],
    );
    return rows.map((r) => r.id);
  }
}

/**
 * The replica's consumer for one service, in its own consumer group `<service>.org-directory`
 * (a class per service: the group is part of the class's declaration).
 */
export function orgDirectoryConsumer(service: string): Type<unknown> {
  @Controller()
  @ConsumerGroup({ group: `${service}.org-directory`, fromBeginning: true })
  class OrgDirectoryConsumer {
    @OnEvent(EventTypes.orgUnitChanged)
    async orgUnitChanged(
      @Payload() e: ConsumedEvent<OrgUnitChangedV1>,
      @Ctx() ctx: EventContext,
    ): Promise<void> {
      await applyOrgUnitChanged(ctx.getTransaction(), e);
    }
  }
  return OrgDirectoryConsumer;
}

@Module({})
export class OrgDirectoryModule {
  /**
   * `service` names the consumer group: `<service>.org-directory`. Global: a service holds one
   * copy of the tree, registered once by its app module, and every feature module reads it.
   */
  static forService(service: string): DynamicModule {
    return {
      module: OrgDirectoryModule,
      global: true,
      providers: [OrgDirectory, { provide: ORG_UNIT_ANCESTRY, useExisting: OrgDirectory }],
      controllers: [orgDirectoryConsumer(service)],
      exports: [OrgDirectory, ORG_UNIT_ANCESTRY],
    };
  }
}

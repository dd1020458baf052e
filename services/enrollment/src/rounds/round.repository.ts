import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Grade } from '../applications/domain/application-rules';
import { RoundNotFound } from './domain/round-errors';

export interface PriorityCategory {
  code: string;
  name: string;
  /** điểm ưu tiên: points for grade 1/6 ordering and grade 10 composite score, in hundredths */
  points: number;
}

export interface ExamSettings {
  subjects: Array<{ code: string; name: string; weight: number }>;
  tieBreakSubjects: string[];
}

export interface Round {
  id: string;
  schoolYear: string;
  grade: Grade;
  name: string;
  opensAt: Date;
  closesAt: Date;
  maxWishes: number;
  priorityCategories: PriorityCategory[];
  exam: ExamSettings | null;
  requiredDocuments: string[];
  seedCommitment: string;
  seedRevealed: string | null;
  status: 'open' | 'published';
}

export interface RoundSchool {
  schoolId: string;
  capacity: number;
  /** Whole communes, wards or special zones in the school's tuyến. */
  catchmentOrgUnitIds: string[];
  /** Parts of communes in the tuyến: villages, residential groups or streets (names NFC-normalised). */
  catchmentLocalities: Array<{ orgUnitId: string; locality: string }>;
}

const SELECT_ROUND = `SELECT id, school_year AS "schoolYear", grade, name, opens_at AS "opensAt", closes_at AS "closesAt", max_wishes AS "maxWishes",
  priority_categories AS "priorityCategories", exam, required_documents AS "requiredDocuments", seed_commitment AS "seedCommitment",
  seed_revealed AS "seedRevealed", status FROM admission_round`;

@Injectable()
export class RoundRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async get(
    id: string,
    tx: EntityManager = this.ds.manager,
    lock = false,
  ): Promise<Round | undefined> {
    const rows: Round[] = await tx.query(
      `${SELECT_ROUND} WHERE id = $1${lock ? ' FOR SHARE' : ''}`,
      [id],
    );
    return rows[0];
  }

  /** The round, or a 404 problem naming it. */
  async getOrFail(id: string, tx: EntityManager = this.ds.manager, lock = false): Promise<Round> {
    const round = await this.get(id, tx, lock);
    if (!round) throw new RoundNotFound(id);
    return round;
  }

  /**
   * The round, locked against closing and publication like `get(id, tx, true)`, with those of
   * `schoolIds` it admits to: what an application needs, in one round trip and without reading
   * every school of a province-wide round.
   */
  async getForApplication(
    id: string,
    schoolIds: string[],
    tx: EntityManager,
  ): Promise<(Round & { offeredSchoolIds: Set<string> }) | undefined> {
    const rows: Array<Round & { offered: string[] }> = await tx.query(
      `${SELECT_ROUND.replace(' FROM admission_round', ', ARRAY(SELECT school_id::text FROM round_school rs WHERE rs.round_id = admission_round.id AND rs.school_id = ANY($2::uuid[])) AS offered FROM admission_round')} WHERE id = $1 FOR SHARE`,
      [id, schoolIds],
    );
    const row = rows[0];
    if (!row) return undefined;
    const { offered, ...round } = row;
    return { ...round, offeredSchoolIds: new Set(offered) };
  }

  /** Those of `schoolIds` the round admits to. */
  async offeredSchoolIds(
    roundId: string,
    schoolIds: string[],
    tx: EntityManager = this.ds.manager,
  ): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await tx.query(
      `SELECT school_id::text AS id FROM round_school WHERE round_id = $1 AND school_id = ANY($2::uuid[])`,
      [roundId, schoolIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Several rounds in one query, by id (those that exist). */
  async getMany(ids: string[]): Promise<Map<string, Round>> {
    if (ids.length === 0) return new Map();
    const rows: Round[] = await this.ds.query(`${SELECT_ROUND} WHERE id = ANY($1::uuid[])`, [
      [...new Set(ids)],
    ]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  async list(): Promise<Round[]> {
    return this.ds.query(`${SELECT_ROUND} ORDER BY school_year DESC, grade, name`);
  }

  async schools(roundId: string, tx: EntityManager = this.ds.manager): Promise<RoundSchool[]> {
    return tx.query(
      `SELECT school_id AS "schoolId", capacity, catchment_org_unit_ids AS "catchmentOrgUnitIds", catchment_localities AS "catchmentLocalities"
         FROM round_school WHERE round_id = $1 ORDER BY school_id`,
      [roundId],
    );
  }

  /**
   * The localities of a commune that the round's catchments name (empty when no school splits
   * the commune): an applicant living there must say which one.
   */
  async localitiesOf(roundId: string, orgUnitId: string, tx: EntityManager): Promise<string[]> {
    const rows: Array<{ locality: string }> = await tx.query(
      `SELECT DISTINCT l->>'locality' AS locality
         FROM round_school, jsonb_array_elements(catchment_localities) AS l
        WHERE round_id = $1 AND l->>'orgUnitId' = $2 ORDER BY 1`,
      [roundId, orgUnitId],
    );
    return rows.map((r) => r.locality);
  }

  async insert(
    tx: EntityManager,
    r: Omit<Round, 'seedRevealed' | 'status'> & { seedSealed: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO admission_round (id, school_year, grade, name, opens_at, closes_at, max_wishes, priority_categories, exam, required_documents, seed_commitment, seed_sealed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        r.id,
        r.schoolYear,
        r.grade,
        r.name,
        r.opensAt,
        r.closesAt,
        r.maxWishes,
        JSON.stringify(r.priorityCategories),
        r.exam ? JSON.stringify(r.exam) : null,
        JSON.stringify(r.requiredDocuments),
        r.seedCommitment,
        r.seedSealed,
      ],
    );
  }

  async upsertSchool(tx: EntityManager, roundId: string, s: RoundSchool): Promise<void> {
    await tx.query(
      `INSERT INTO round_school (round_id, school_id, capacity, catchment_org_unit_ids, catchment_localities) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (round_id, school_id) DO UPDATE SET capacity = EXCLUDED.capacity, catchment_org_unit_ids = EXCLUDED.catchment_org_unit_ids,
         catchment_localities = EXCLUDED.catchment_localities, updated_at = now()`,
      [
        roundId,
        s.schoolId,
        s.capacity,
        s.catchmentOrgUnitIds,
        JSON.stringify(s.catchmentLocalities),
      ],
    );
  }
}

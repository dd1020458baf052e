import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ApplicationChannel } from '@qn/contracts';

export interface ApplicationRow {
  id: string;
  roundId: string;
  applicantHash: string;
  applicantPidLast4: string;
  applicantName: string;
  dateOfBirth: string;
  residenceOrgUnitId: string;
  wishes: string[];
  priorityCategories: string[];
  examScores: Record<string, number> | null;
  bonusHundredths: number;
  channel: ApplicationChannel;
  source: string;
  externalId: string | null;
  recordedBy: string;
  status: 'active' | 'withdrawn';
  revision: number;
  submittedAt: Date;
  updatedAt: Date;
}

const SELECT = `SELECT id, round_id AS "roundId", applicant_hash AS "applicantHash", applicant_pid_last4 AS "applicantPidLast4", applicant_name AS "applicantName",
  to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", residence_org_unit_id AS "residenceOrgUnitId", wishes, priority_categories AS "priorityCategories",
  exam_scores AS "examScores", bonus_hundredths AS "bonusHundredths", channel, source, external_id AS "externalId", recorded_by AS "recordedBy",
  status, revision, submitted_at AS "submittedAt", updated_at AS "updatedAt" FROM application`;

export interface NewApplication extends Omit<ApplicationRow, 'status' | 'revision' | 'updatedAt'> {
  applicantPidSealed: string;
}

@Injectable()
export class ApplicationRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async get(
    id: string,
    tx: EntityManager = this.ds.manager,
    lock = false,
  ): Promise<ApplicationRow | undefined> {
    const rows: ApplicationRow[] = await tx.query(
      `${SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  async findPortalSubmission(
    tx: EntityManager,
    source: string,
    externalId: string,
  ): Promise<ApplicationRow | undefined> {
    const rows: ApplicationRow[] = await tx.query(
      `${SELECT} WHERE source = $1 AND external_id = $2`,
      [source, externalId],
    );
    return rows[0];
  }

  /** Every active application of a round, in a stable order. */
  activeInRound(tx: EntityManager, roundId: string): Promise<ApplicationRow[]> {
    return tx.query(`${SELECT} WHERE round_id = $1 AND status = 'active' ORDER BY id`, [roundId]);
  }

  async insert(tx: EntityManager, a: NewApplication): Promise<void> {
    await tx.query(
      `INSERT INTO application (id, round_id, applicant_hash, applicant_pid_sealed, applicant_pid_last4, applicant_name, date_of_birth, residence_org_unit_id,
         wishes, priority_categories, exam_scores, bonus_hundredths, channel, source, external_id, recorded_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        a.id,
        a.roundId,
        a.applicantHash,
        a.applicantPidSealed,
        a.applicantPidLast4,
        a.applicantName,
        a.dateOfBirth,
        a.residenceOrgUnitId,
        a.wishes,
        a.priorityCategories,
        a.examScores ? JSON.stringify(a.examScores) : null,
        a.bonusHundredths,
        a.channel,
        a.source,
        a.externalId,
        a.recordedBy,
        a.submittedAt,
      ],
    );
  }

  async amend(
    tx: EntityManager,
    id: string,
    change: { wishes: string[]; priorityCategories: string[] },
  ): Promise<void> {
    await tx.query(
      `UPDATE application SET wishes = $2, priority_categories = $3, revision = revision + 1, updated_at = now() WHERE id = $1`,
      [id, change.wishes, change.priorityCategories],
    );
  }

  async withdraw(tx: EntityManager, id: string): Promise<void> {
    await tx.query(
      `UPDATE application SET status = 'withdrawn', updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  async list(q: {
    roundId: string;
    schoolId?: string;
    /** Only the children of this guardian (the family reach). */
    guardianOf?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: ApplicationRow[]; total: number }> {
    const where = ['round_id = $1'];
    const params: unknown[] = [q.roundId];
    if (q.schoolId) {
      params.push([q.schoolId]);
      where.push(`wishes @> $${params.length}::uuid[]`);
    }
    if (q.guardianOf) {
      params.push(q.guardianOf);
      where.push(
        `applicant_hash IN (SELECT applicant_hash FROM guardian WHERE guardian_subject = $${params.length})`,
      );
    }
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM application WHERE ${where.join(' AND ')}`,
      params,
    );
    const items: ApplicationRow[] = await this.ds.query(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY submitted_at, id LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    );
    return { items, total };
  }
}

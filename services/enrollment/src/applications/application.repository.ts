import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ApplicationChannel } from '@qn/contracts';
import type { AgeException } from './domain/admission-age';

/** `contested`: a claim kept outside the round; `refused`: a school refused it after a contest. */
export type ApplicationStatus = 'active' | 'withdrawn' | 'contested' | 'refused';

export interface ApplicationRow {
  id: string;
  roundId: string;
  applicantHash: string;
  applicantPidLast4: string;
  applicantName: string;
  dateOfBirth: string;
  residenceOrgUnitId: string;
  /** Village / residential group / street inside the commune (NFC), when the family gave one. */
  residenceLocality: string | null;
  wishes: string[];
  priorityCategories: string[];
  examScores: Record<string, number> | null;
  bonusHundredths: number;
  /** Grades 6/10: the charter's exception to the entry age the family declared (admission-age.ts). */
  ageException: AgeException | null;
  channel: ApplicationChannel;
  source: string;
  externalId: string | null;
  recordedBy: string;
  status: ApplicationStatus;
  /** A contested claim nobody has upheld yet (or refused): seen only by its claimant and the schools. */
  claim: boolean;
  claimantSubject: string | null;
  /** The active application this claim contested. */
  contestsApplicationId: string | null;
  decision: { decidedBy: string; decidedAt: Date; reason: string } | null;
  revision: number;
  submittedAt: Date;
  updatedAt: Date;
}

const INSERT = `INSERT INTO application (id, round_id, applicant_hash, applicant_pid_sealed, applicant_pid_last4, applicant_name, date_of_birth, residence_org_unit_id,
   wishes, priority_categories, exam_scores, bonus_hundredths, channel, source, external_id, recorded_by, submitted_at, status,
   age_exception, age_exception_evidence, residence_locality)
 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`;

const insertParams = (a: NewApplication, status: ApplicationStatus): unknown[] => [
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
  status,
  a.ageException?.category ?? null,
  a.ageException?.evidenceRef ?? null,
  a.residenceLocality,
];

const SELECT = `SELECT id, round_id AS "roundId", applicant_hash AS "applicantHash", applicant_pid_last4 AS "applicantPidLast4", applicant_name AS "applicantName",
  to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", residence_org_unit_id AS "residenceOrgUnitId", residence_locality AS "residenceLocality", wishes, priority_categories AS "priorityCategories",
  exam_scores AS "examScores", bonus_hundredths AS "bonusHundredths", channel, source, external_id AS "externalId", recorded_by AS "recordedBy",
  status, claim, claimant_subject AS "claimantSubject", contests_application_id AS "contestsApplicationId",
  CASE WHEN decided_at IS NULL THEN NULL ELSE json_build_object('decidedBy', decided_by, 'decidedAt', decided_at, 'reason', decision_reason) END AS decision,
  CASE WHEN age_exception IS NULL THEN NULL ELSE json_strip_nulls(json_build_object('category', age_exception, 'evidenceRef', age_exception_evidence)) END AS "ageException",
  revision, submitted_at AS "submittedAt", updated_at AS "updatedAt" FROM application`;

/**
 * What a family (the SQL parameter `g`: its subject) reaches: its children's applications, not
 * the claims strangers made on them; and its own claims, which only it (and the schools) see.
 */
const familyReach = (g: string) =>
  `((NOT claim AND applicant_hash IN (SELECT applicant_hash FROM guardian WHERE guardian_subject = ${g})) OR (claim AND claimant_subject = ${g}))`;

export interface NewApplication extends Omit<
  ApplicationRow,
  | 'status'
  | 'revision'
  | 'updatedAt'
  | 'claim'
  | 'claimantSubject'
  | 'contestsApplicationId'
  | 'decision'
> {
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

  /**
   * Records the application unless the applicant already has an active one in the round: the
   * partial unique index decides, also between racing requests. False when one exists.
   */
  async insertIfFirst(tx: EntityManager, a: NewApplication): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `${INSERT} ON CONFLICT (round_id, applicant_hash) WHERE status = 'active' DO NOTHING RETURNING id`,
      insertParams(a, 'active'),
    );
    return rows.length > 0;
  }

  /**
   * Records a contested claim on `contests` by a family that is not the child's guardian. False
   * when this family already holds an open claim for the child in the round.
   */
  async insertClaim(
    tx: EntityManager,
    a: NewApplication,
    claimant: string,
    contests: string,
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO application (id, round_id, applicant_hash, applicant_pid_sealed, applicant_pid_last4, applicant_name, date_of_birth, residence_org_unit_id,
         wishes, priority_categories, exam_scores, bonus_hundredths, channel, source, external_id, recorded_by, submitted_at, status,
         age_exception, age_exception_evidence, residence_locality, claim, claimant_subject, contests_application_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, true, $22, $23)
       ON CONFLICT (round_id, applicant_hash, claimant_subject) WHERE status = 'contested' DO NOTHING RETURNING id`,
      [...insertParams(a, 'contested'), claimant, contests],
    );
    return rows.length > 0;
  }

  /** The applicant's active application in the round, if any. */
  async activeFor(
    tx: EntityManager,
    roundId: string,
    applicantHash: string,
  ): Promise<ApplicationRow | undefined> {
    const rows: ApplicationRow[] = await tx.query(
      `${SELECT} WHERE round_id = $1 AND applicant_hash = $2 AND status = 'active'`,
      [roundId, applicantHash],
    );
    return rows[0];
  }

  async hasOpenClaim(
    tx: EntityManager,
    roundId: string,
    applicantHash: string,
    claimant: string,
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM application WHERE round_id = $1 AND applicant_hash = $2 AND claimant_subject = $3 AND status = 'contested'`,
      [roundId, applicantHash, claimant],
    );
    return rows.length > 0;
  }

  /**
   * A school's decision on a claim or on the application it contested. `claimant`: the family
   * that sent a refused rival keeps seeing it, alone, as a claim that lost (`contests`: the
   * application the school upheld).
   */
  async decide(
    tx: EntityManager,
    id: string,
    d: {
      status: 'active' | 'refused';
      claim: boolean;
      decidedBy: string;
      reason: string;
      at: Date;
      claimant?: { subject: string; contests: string };
    },
  ): Promise<void> {
    await tx.query(
      `UPDATE application SET status = $2, claim = $3, decided_by = $4, decision_reason = $5, decided_at = $6, updated_at = $6,
         claimant_subject = COALESCE($7, claimant_subject), contests_application_id = COALESCE($8, contests_application_id)
       WHERE id = $1`,
      [
        id,
        d.status,
        d.claim,
        d.decidedBy,
        d.reason,
        d.at,
        d.claimant?.subject ?? null,
        d.claimant?.contests ?? null,
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
      where.push(familyReach(`$${params.length}`));
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

  /**
   * Every application a family reaches across all rounds (what each round's list shows it),
   * in the order they were submitted.
   */
  ofFamily(guardianSubject: string): Promise<ApplicationRow[]> {
    return this.ds.query(`${SELECT} WHERE ${familyReach('$1')} ORDER BY submitted_at, id`, [
      guardianSubject,
    ]);
  }
}

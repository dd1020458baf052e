import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { IdentityCheckResult, StaffRole } from '@qn/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { PersonKind, RosterPerson } from './domain/identity-check-plan';

/** A person with what the check sends (the personal id sealed, and the context it was sealed in). */
export interface CheckCandidate extends RosterPerson {
  /** A staff member's role (what the announcement carries); null for a learner. */
  role: StaffRole | null;
  fullName: string;
  dateOfBirth: string;
  sealed: string | null;
  sealingContext: string | null;
}

export interface PersonResult {
  kind: PersonKind;
  id: string;
  fullName: string;
  personalIdLast4: string | null;
  result: IdentityCheckResult | null;
  checkedAt: Date | null;
}

/**
 * The school's roster as identity checks see it: active learners (`student`, status active) and
 * active staff. A roster learner's personal id is sealed on `student` (context `student:<id>`);
 * a learner admitted through a round has it sealed on the application (`application:<id>`).
 */
@Injectable()
export class IdentityCheckRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async candidates(schoolId: string): Promise<CheckCandidate[]> {
    const rows: Array<
      CheckCandidate & { checkedAt: Date | null; result: IdentityCheckResult | null }
    > = await this.ds.query(
      `SELECT 'student' AS kind, s.id, NULL AS role, s.full_name AS "fullName",
                to_char(s.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
                s.identity_result AS result, s.identity_checked_at AS "checkedAt",
                COALESCE(s.personal_id_sealed, a.applicant_pid_sealed) AS sealed,
                CASE WHEN s.personal_id_sealed IS NOT NULL THEN 'student:' || s.id
                     WHEN a.applicant_pid_sealed IS NOT NULL THEN 'application:' || a.id END AS "sealingContext"
           FROM student s LEFT JOIN application a ON a.id = s.application_id
          WHERE s.school_id = $1 AND s.status = 'active'
         UNION ALL
         SELECT 'staff', m.id, m.role, m.full_name, to_char(m.date_of_birth, 'YYYY-MM-DD'),
                m.identity_result, m.identity_checked_at, m.personal_id_sealed, 'staff:' || m.id
           FROM staff_member m WHERE m.school_id = $1 AND m.active
          ORDER BY 1, 2`,
      [schoolId],
    );
    return rows.map((r) => ({
      kind: r.kind,
      id: r.id,
      role: r.role,
      fullName: r.fullName,
      dateOfBirth: r.dateOfBirth,
      sealed: r.sealed,
      sealingContext: r.sealingContext,
      identityResult: r.result,
      identityCheckedAt: r.checkedAt,
    }));
  }

  /**
   * Stores a result unless someone else checked the person meanwhile (`identity_checked_at`
   * moved): true when stored, so the caller announces only what it stored.
   */
  async store(
    tx: EntityManager,
    p: RosterPerson,
    result: IdentityCheckResult,
    at: Date,
  ): Promise<boolean> {
    const table = p.kind === 'student' ? 'student' : 'staff_member';
    const rows: unknown[] = await tx.query(
      `UPDATE ${table} SET identity_result = $2, identity_checked_at = $3
        WHERE id = $1 AND identity_checked_at IS NOT DISTINCT FROM $4 RETURNING id`,
      [p.id, result, at, p.identityCheckedAt],
    );
    return rows.length > 0;
  }

  /** Everyone on the roster with their latest result (masked ids). */
  async results(schoolId: string): Promise<PersonResult[]> {
    return this.ds.query(
      `SELECT 'student' AS kind, s.id, s.full_name AS "fullName",
              COALESCE(s.personal_id_last4, a.applicant_pid_last4) AS "personalIdLast4",
              s.identity_result AS result, s.identity_checked_at AS "checkedAt"
         FROM student s LEFT JOIN application a ON a.id = s.application_id
        WHERE s.school_id = $1 AND s.status = 'active'
       UNION ALL
       SELECT 'staff', m.id, m.full_name, m.personal_id_last4, m.identity_result, m.identity_checked_at
         FROM staff_member m WHERE m.school_id = $1 AND m.active
        ORDER BY 1, 3, 2`,
      [schoolId],
    );
  }
}

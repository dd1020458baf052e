import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Learner } from './domain/learner';

/**
 * The `learner` table (migration `RecordsLearner…`), written only by the identity consumer
 * inside its transaction. Personal data: nothing here logs a row.
 */
@Injectable()
export class LearnerRepository {
  /**
   * Saves the identity unless the table holds one recorded at the same time or later: an older
   * identity arriving late (a replay, a reader starting from the beginning) changes nothing.
   * Returns whether the row changed.
   */
  async saveIfNewer(tx: EntityManager, l: Learner): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO learner AS l (student_id, full_name, date_of_birth, gender, ethnicity,
                                 personal_id_last4, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (student_id) DO UPDATE SET
         full_name = EXCLUDED.full_name, date_of_birth = EXCLUDED.date_of_birth,
         gender = EXCLUDED.gender, ethnicity = EXCLUDED.ethnicity,
         personal_id_last4 = EXCLUDED.personal_id_last4, recorded_at = EXCLUDED.recorded_at,
         updated_at = now()
       WHERE l.recorded_at < EXCLUDED.recorded_at
       RETURNING student_id`,
      [
        l.studentId,
        l.fullName,
        l.dateOfBirth,
        l.gender,
        l.ethnicity,
        l.personalIdLast4,
        l.recordedAt,
      ],
    );
    return rows.length > 0;
  }

  /** The learner, or undefined when enrollment has not published their identity yet. */
  async find(tx: EntityManager, studentId: string): Promise<Learner | undefined> {
    const rows: Learner[] = await tx.query(
      `SELECT student_id AS "studentId", full_name AS "fullName",
              to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", gender, ethnicity,
              personal_id_last4 AS "personalIdLast4",
              to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt"
         FROM learner WHERE student_id = $1`,
      [studentId],
    );
    return rows[0];
  }
}

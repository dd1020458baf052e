import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A learner as a diploma prints them: the latest identity enrollment's learner register published. */
export interface Learner {
  studentId: string;
  /** NFC. */
  fullName: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  gender: 'male' | 'female' | null;
  ethnicity: string | null;
}

/**
 * The `learner` table, written only by the identity consumer. Personal data: nothing here logs a
 * row, and only issuance reads it.
 */
@Injectable()
export class LearnerRepository {
  /** Saves the identity unless one recorded at the same time or later is there (replays change nothing). */
  async saveIfNewer(tx: EntityManager, l: Learner, recordedAt: string): Promise<void> {
    await tx.query(
      `INSERT INTO learner AS l (student_id, full_name, date_of_birth, gender, ethnicity, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (student_id) DO UPDATE SET
         full_name = EXCLUDED.full_name, date_of_birth = EXCLUDED.date_of_birth,
         gender = EXCLUDED.gender, ethnicity = EXCLUDED.ethnicity,
         recorded_at = EXCLUDED.recorded_at, updated_at = now()
       WHERE l.recorded_at < EXCLUDED.recorded_at`,
      [l.studentId, l.fullName, l.dateOfBirth, l.gender, l.ethnicity, recordedAt],
    );
  }

  /** Several learners at once (a graduation list), by student id. */
  async findMany(tx: EntityManager, studentIds: string[]): Promise<Map<string, Learner>> {
    const rows: Learner[] = await tx.query(
      `SELECT student_id AS "studentId", full_name AS "fullName",
              to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", gender, ethnicity
         FROM learner WHERE student_id = ANY($1::uuid[])`,
      [studentIds],
    );
    return new Map(rows.map((r) => [r.studentId, r]));
  }
}

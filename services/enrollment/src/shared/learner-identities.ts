import { EntityManager } from 'typeorm';
import { EventEnvelope, EventTypes, newTypedEvent } from '@qn/contracts';

/**
 * The learners' identities as the register holds them now, as the events that tell the services
 * which print them (records) who a learner is. Read back from the register after it was written,
 * so what goes out is exactly what is stored (NFC names, the register's date of birth).
 */
export async function learnerIdentityEvents(
  tx: EntityManager,
  studentIds: string[],
  at: Date,
  cause?: { correlationId: string; causationId: string },
): Promise<EventEnvelope[]> {
  if (!studentIds.length) return [];
  const rows: Array<{
    id: string;
    schoolId: string;
    fullName: string;
    dateOfBirth: string;
    gender: 'male' | 'female' | null;
    ethnicity: string | null;
    last4: string | null;
  }> = await tx.query(
    `SELECT s.id, s.school_id AS "schoolId", s.full_name AS "fullName", to_char(s.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
            s.gender, s.ethnicity, COALESCE(s.personal_id_last4, a.applicant_pid_last4) AS last4
       FROM student s LEFT JOIN application a ON a.id = s.application_id
      WHERE s.id = ANY($1::uuid[]) ORDER BY s.id`,
    [studentIds],
  );
  return rows.map((r) =>
    newTypedEvent(EventTypes.learnerIdentityRecorded, {
      source: 'enrollment',
      subjectId: r.id,
      orgUnitId: r.schoolId,
      occurredAt: at,
      ...(cause ?? {}),
      data: {
        studentId: r.id,
        fullName: r.fullName,
        dateOfBirth: r.dateOfBirth,
        gender: r.gender,
        ethnicity: r.ethnicity,
        personalIdLast4: r.last4,
        recordedAt: at.toISOString(),
      },
    }),
  );
}

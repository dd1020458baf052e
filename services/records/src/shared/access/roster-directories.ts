import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GuardianDirectory, TeachingDirectory } from '@qn/auth';

/**
 * Who teaches which class, from the roster projection: the signed-in account (token `sub`) is
 * the account of an active staff member who is assigned a subject in the class or is its
 * homeroom teacher. Any school year: a teacher keeps the classes they taught.
 */
@Injectable()
export class RosterTeachingDirectory implements TeachingDirectory {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async teaches(teacherSubject: string, classId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM roster_staff_member m
        WHERE m.account_subject = $1 AND m.active
          AND (EXISTS (SELECT 1 FROM roster_teaching_assignment a WHERE a.staff_id = m.id AND a.class_id = $2)
               OR EXISTS (SELECT 1 FROM roster_class c WHERE c.id = $2 AND c.homeroom_staff_id = m.id))
        LIMIT 1`,
      [teacherSubject, classId],
    );
    return rows.length > 0;
  }
}

/** The guardians enrollment announced (`guardian.linked`): guardian account ↔ student id. */
@Injectable()
export class RosterGuardianDirectory implements GuardianDirectory {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async isGuardian(guardianSubject: string, studentId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM roster_guardian WHERE guardian_subject = $1 AND student_id = $2`,
      [guardianSubject, studentId],
    );
    return rows.length > 0;
  }
}

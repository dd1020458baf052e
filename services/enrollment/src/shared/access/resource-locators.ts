import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  GUARDIAN_DIRECTORY,
  GuardianDirectory,
  ResourceAttributes,
  ResourceLocator,
  resourceLocatorToken,
  TEACHING_DIRECTORY,
  TeachingDirectory,
} from '@qn/auth';

/**
 * A contested claim is not the child's record: only the family that made it reaches it, as if
 * it were its own learner (`claim:<application id>`), and the child's guardians do not.
 */
const CLAIM = 'claim:';
export const claimLearnerId = (applicationId: string) => `${CLAIM}${applicationId}`;

/** Guardians recorded when a signed-in family applied (the child is known by the keyed hash). */
@Injectable()
export class EnrollmentGuardians implements GuardianDirectory {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async isGuardian(guardianSubject: string, learnerId: string): Promise<boolean> {
    const rows: unknown[] = learnerId.startsWith(CLAIM)
      ? await this.ds.query(
          `SELECT 1 FROM application WHERE id = $2 AND claim AND claimant_subject = $1`,
          [guardianSubject, learnerId.slice(CLAIM.length)],
        )
      : await this.ds.query(
          `SELECT 1 FROM guardian WHERE guardian_subject = $1 AND applicant_hash = $2`,
          [guardianSubject, learnerId],
        );
    return rows.length > 0;
  }
}

@Injectable()
export class ApplicationLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [row]: Array<{ wishes: string[]; hash: string; claim: boolean }> = await this.ds.query(
      `SELECT wishes, applicant_hash AS hash, claim FROM application WHERE id = $1`,
      [id],
    );
    if (!row) return null;
    return { orgUnitIds: row.wishes, learnerId: row.claim ? claimLearnerId(id) : row.hash };
  }
}

/** An offer belongs to the offering school and the applicant. */
@Injectable()
export class OfferLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [row]: Array<{ schoolId: string; hash: string }> = await this.ds.query(
      `SELECT o.school_id AS "schoolId", a.applicant_hash AS hash
         FROM offer o JOIN application a ON a.id = o.application_id WHERE o.id = $1`,
      [id],
    );
    return row ? { orgUnitIds: [row.schoolId], learnerId: row.hash } : null;
  }
}

/** An application's offer: found through the application (the path names the application). */
@Injectable()
export class ApplicationOfferLocator extends ApplicationLocator {}

/** A transfer concerns both schools and the student. */
@Injectable()
export class TransferLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [row]: Array<{ fromSchoolId: string; toSchoolId: string; hash: string }> =
      await this.ds.query(
        `SELECT t.from_school_id AS "fromSchoolId", t.to_school_id AS "toSchoolId", s.applicant_hash AS hash
           FROM transfer t JOIN student s ON s.id = t.student_id WHERE t.id = $1`,
        [id],
      );
    return row ? { orgUnitIds: [row.fromSchoolId, row.toSchoolId], learnerId: row.hash } : null;
  }
}

/**
 * Teaching assignments and homerooms from the school rosters: what gives a teacher (by the
 * sign-in account on their staff record) the reach of their classes.
 */
@Injectable()
export class EnrollmentTeaching implements TeachingDirectory {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async teaches(teacherSubject: string, classId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM staff_member m
        WHERE m.account_subject = $1 AND m.active
          AND (EXISTS (SELECT 1 FROM teaching_assignment a WHERE a.staff_id = m.id AND a.class_id = $2)
               OR EXISTS (SELECT 1 FROM school_class c WHERE c.id = $2 AND c.homeroom_teacher_id = m.id))`,
      [teacherSubject, classId],
    );
    return rows.length > 0;
  }
}

/** A class list belongs to its school and its class. */
@Injectable()
export class ClassListLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [row]: Array<{ schoolId: string }> = await this.ds.query(
      `SELECT school_id AS "schoolId" FROM school_class WHERE id = $1`,
      [id],
    );
    return row ? { orgUnitIds: [row.schoolId], classIds: [id] } : null;
  }
}

export const enrollmentAccessProviders = [
  { provide: TEACHING_DIRECTORY, useClass: EnrollmentTeaching },
  { provide: resourceLocatorToken('class-list'), useClass: ClassListLocator },
  { provide: GUARDIAN_DIRECTORY, useClass: EnrollmentGuardians },
  { provide: resourceLocatorToken('application'), useClass: ApplicationLocator },
  { provide: resourceLocatorToken('application-offer'), useClass: ApplicationOfferLocator },
  { provide: resourceLocatorToken('offer'), useClass: OfferLocator },
  { provide: resourceLocatorToken('transfer'), useClass: TransferLocator },
];

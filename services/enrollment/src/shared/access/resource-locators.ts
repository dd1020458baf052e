import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  GUARDIAN_DIRECTORY,
  GuardianDirectory,
  ResourceAttributes,
  ResourceLocator,
  resourceLocatorToken,
} from '@qn/auth';

/** Guardians recorded when a signed-in family applied (the child is known by the keyed hash). */
@Injectable()
export class EnrollmentGuardians implements GuardianDirectory {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async isGuardian(guardianSubject: string, applicantHash: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM guardian WHERE guardian_subject = $1 AND applicant_hash = $2`,
      [guardianSubject, applicantHash],
    );
    return rows.length > 0;
  }
}

@Injectable()
export class ApplicationLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [row]: Array<{ wishes: string[]; hash: string }> = await this.ds.query(
      `SELECT wishes, applicant_hash AS hash FROM application WHERE id = $1`,
      [id],
    );
    return row ? { orgUnitIds: row.wishes, learnerId: row.hash } : null;
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

export const enrollmentAccessProviders = [
  { provide: GUARDIAN_DIRECTORY, useClass: EnrollmentGuardians },
  { provide: resourceLocatorToken('application'), useClass: ApplicationLocator },
  { provide: resourceLocatorToken('application-offer'), useClass: ApplicationOfferLocator },
  { provide: resourceLocatorToken('offer'), useClass: OfferLocator },
  { provide: resourceLocatorToken('transfer'), useClass: TransferLocator },
];

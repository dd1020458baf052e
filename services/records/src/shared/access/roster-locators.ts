import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  GUARDIAN_DIRECTORY,
  ResourceAttributes,
  ResourceLocator,
  resourceLocatorToken,
  TEACHING_DIRECTORY,
} from '@qn/auth';
import { RosterGuardianDirectory, RosterTeachingDirectory } from './roster-directories';

/** A class belongs to its school and to itself (the teachers' reach). */
@Injectable()
export class ClassLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [row]: Array<{ schoolId: string }> = await this.ds.query(
      `SELECT school_id AS "schoolId" FROM roster_class WHERE id = $1`,
      [id],
    );
    return row ? { orgUnitIds: [row.schoolId], classIds: [id] } : null;
  }
}

/**
 * A learner's record (id = student id) belongs to every school the learner was at over the
 * years, the receiving school of a transfer included, to every class they were in, and to the
 * learner (the guardians' reach). Unknown learner: null (404).
 */
@Injectable()
export class LearnerRecordLocator implements ResourceLocator {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async locate(id: string): Promise<ResourceAttributes | null> {
    const [row]: Array<{ schoolIds: string[] | null; classIds: string[] | null }> =
      await this.ds.query(
        `SELECT array_agg(DISTINCT s.school_id) FILTER (WHERE s.school_id IS NOT NULL) AS "schoolIds",
                (SELECT array_agg(DISTINCT class_id) FILTER (WHERE class_id IS NOT NULL)
                   FROM roster_learner_year WHERE student_id = $1) AS "classIds"
           FROM roster_learner_year y
           CROSS JOIN LATERAL (VALUES (y.school_id), (y.transferred_to_school_id)) AS s (school_id)
          WHERE y.student_id = $1`,
        [id],
      );
    if (!row?.schoolIds?.length) return null;
    return { orgUnitIds: row.schoolIds, classIds: row.classIds ?? [], learnerId: id };
  }
}

/**
 * The records service's access ports, app-wide (the policy guard finds them anywhere in the
 * app): the teaching and guardian directories and the locators of the `class` and
 * `learner-record` resources, all from the roster projection.
 */
export const recordsAccessProviders = [
  { provide: TEACHING_DIRECTORY, useClass: RosterTeachingDirectory },
  { provide: GUARDIAN_DIRECTORY, useClass: RosterGuardianDirectory },
  { provide: resourceLocatorToken('class'), useClass: ClassLocator },
  { provide: resourceLocatorToken('learner-record'), useClass: LearnerRecordLocator },
];

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { recordIdempotentResponse } from '@qn/service-kit';
import type { ReportKind } from '../indicators/domain';

/** A unit's confirmation that it has reported (nộp báo cáo). */
export interface Submission {
  id: string;
  schoolYear: string;
  report: ReportKind;
  orgUnitId: string;
  submittedBy: string;
  submittedAt: Date;
  note: string | null;
}

const COLUMNS = `id, school_year AS "schoolYear", report, org_unit_id AS "orgUnitId", submitted_by AS "submittedBy", submitted_at AS "submittedAt", note`;

/** The table report_submission (database/report-submissions.migration.ts). */
@Injectable()
export class ReportSubmissionsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Inserts the first confirmation of a unit, or finds the one it already has (created = false),
   * and records the route's answer for its idempotency key in the same transaction (201 for the
   * first confirmation, 200 with it for a repeat).
   */
  async insertFirst(row: Submission): Promise<{ submission: Submission; created: boolean }> {
    return this.ds.transaction(async (tx) => {
      const inserted: Submission[] = await tx.query(
        `INSERT INTO report_submission (id, school_year, report, org_unit_id, submitted_by, submitted_at, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (school_year, report, org_unit_id) DO NOTHING
         RETURNING ${COLUMNS}`,
        [
          row.id,
          row.schoolYear,
          row.report,
          row.orgUnitId,
          row.submittedBy,
          row.submittedAt,
          row.note,
        ],
      );
      const [submission, created]: [Submission, boolean] = inserted[0]
        ? [inserted[0], true]
        : [
            (
              await tx.query(
                `SELECT ${COLUMNS} FROM report_submission WHERE school_year = $1 AND report = $2 AND org_unit_id = $3`,
                [row.schoolYear, row.report, row.orgUnitId],
              )
            )[0],
            false,
          ];
      await recordIdempotentResponse(tx, submission, created ? 201 : 200);
      return { submission, created };
    });
  }

  /** The confirmations of a report by the given units. */
  async ofUnits(
    schoolYear: string,
    report: ReportKind,
    orgUnitIds: string[],
  ): Promise<Submission[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM report_submission WHERE school_year = $1 AND report = $2 AND org_unit_id = ANY($3::uuid[])`,
      [schoolYear, report, orgUnitIds],
    );
  }
}

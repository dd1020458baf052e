import { InvalidInput, RuleViolation } from '@qn/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { OrgDirectory, type OrgUnitRecord } from '@qn/org-directory';
import { recordIdempotentResponse } from '@qn/service-kit';
import { parsePeriod, reportingDeadlines, type ReportKind } from '../indicators';
import {
  completeness,
  mustReportToDepartment,
  type CompletenessResult,
  type ReportingUnit,
} from './completeness';
import { OrgUnitNotFound } from '../org-units/org-unit-errors';

export const REPORT_KINDS: readonly ReportKind[] = ['semester-1', 'year-end'];

export interface Submission {
  id: string;
  schoolYear: string;
  report: ReportKind;
  orgUnitId: string;
  submittedBy: string;
  submittedAt: Date;
  note: string | null;
}

const invalid = (field: string, message: string) => InvalidInput.of(field, message);

const reportingUnit = (u: OrgUnitRecord, parentName: string | null): ReportingUnit => ({
  id: u.id,
  code: u.code,
  name: u.name,
  kind: u.kind,
  levels: u.school?.levels,
  parentName,
});

/** Checks the path's school year and report kind; the deadline the units report by. */
export function unitsDeadline(schoolYear: string, report: string) {
  if (!/^\d{4}-\d{4}$/.test(schoolYear)) throw invalid('schoolYear', 'must look like 2025-2026');
  try {
    parsePeriod(schoolYear);
  } catch (err) {
    throw invalid('schoolYear', (err as Error).message);
  }
  if (!REPORT_KINDS.includes(report as ReportKind))
    throw invalid('report', `must be one of ${REPORT_KINDS.join(', ')}`);
  const deadlines = reportingDeadlines(schoolYear).filter((d) => d.report === report);
  return {
    units: deadlines.find((d) => d.from === 'units')!,
    department: deadlines.find((d) => d.from === 'department')!,
  };
}

/**
 * Units confirm they have reported; the department sees who has not. Which units must report
 * follows the tree on the due day (a commune merged away before it does not owe a report).
 */
@Injectable()
export class ReportSubmissionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly directory: OrgDirectory,
  ) {}

  /** The first confirmation counts; a repeat returns it unchanged (created = false). */
  async submit(input: {
    schoolYear: string;
    report: ReportKind;
    orgUnitId: string;
    submittedBy: string;
    note: string | null;
    now: Date;
  }): Promise<{ submission: Submission; created: boolean }> {
    const { units } = unitsDeadline(input.schoolYear, input.report);
    const unit = await this.directory.get(input.orgUnitId);
    if (!unit)
      throw new OrgUnitNotFound(input.orgUnitId, undefined, { errors: [{ field: 'orgUnitId', message: 'unknown' }] });
    if (!mustReportToDepartment(reportingUnit(unit, null)))
      throw new RuleViolation('not-a-reporting-unit',
        'This unit does not report to the department',
        `${unit.name} is a ${unit.kind}; communes, wards, special zones, upper-secondary schools and GDTX centres report (deadline ${units.dueOn})`,
        { errors: [{ field: 'orgUnitId', message: 'is not a reporting unit' }] },
      );
    const id = uuidv7();
    return this.ds.transaction(async (tx) => {
      const inserted: Submission[] = await tx.query(
        `INSERT INTO report_submission (id, school_year, report, org_unit_id, submitted_by, submitted_at, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (school_year, report, org_unit_id) DO NOTHING
         RETURNING ${COLUMNS}`,
        [id, input.schoolYear, input.report, unit.id, input.submittedBy, input.now, input.note],
      );
      const [submission, created]: [Submission, boolean] = inserted[0]
        ? [inserted[0], true]
        : [
            (
              await tx.query(
                `SELECT ${COLUMNS} FROM report_submission WHERE school_year = $1 AND report = $2 AND org_unit_id = $3`,
                [input.schoolYear, input.report, unit.id],
              )
            )[0],
            false,
          ];
      // The answer the route gives (201 for the first confirmation, 200 with it for a repeat).
      await recordIdempotentResponse(tx, submission, created ? 201 : 200);
      return { submission, created };
    });
  }

  /** Who under `orgUnitId` must report, who has, who is late, who has not. */
  async completeness(input: {
    schoolYear: string;
    report: ReportKind;
    orgUnitId: string;
    asOf: string;
  }): Promise<CompletenessResult & { dueOn: string; orgUnitId: string }> {
    const { units: deadline } = unitsDeadline(input.schoolYear, input.report);
    const under = await this.directory.descendants(input.orgUnitId, deadline.dueOn);
    const expected = under
      .map((u) => reportingUnit(u, u.parentName))
      .filter(mustReportToDepartment);
    const submissions: Submission[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM report_submission WHERE school_year = $1 AND report = $2 AND org_unit_id = ANY($3::uuid[])`,
      [input.schoolYear, input.report, expected.map((u) => u.id)],
    );
    return {
      orgUnitId: input.orgUnitId,
      dueOn: deadline.dueOn,
      ...completeness(expected, submissions, deadline, input.asOf),
    };
  }
}

const COLUMNS = `id, school_year AS "schoolYear", report, org_unit_id AS "orgUnitId", submitted_by AS "submittedBy", submitted_at AS "submittedAt", note`;

import { Injectable } from '@nestjs/common';
import { OrgDirectory } from '@qn/org-directory';
import type { ReportKind } from '../../indicators/domain';
import {
  completeness,
  mustReportToDepartment,
  reportingUnit,
  type CompletenessResult,
} from '../domain/completeness';
import { unitsDeadline } from '../domain/report-deadlines';
import { ReportSubmissionsRepository } from '../report-submissions.repository';

/**
 * The department sees who has not reported. Which units must report follows the tree on the due
 * day (a commune merged away before it does not owe a report).
 */
@Injectable()
export class ReportCompletenessService {
  constructor(
    private readonly submissions: ReportSubmissionsRepository,
    private readonly directory: OrgDirectory,
  ) {}

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
    const submissions = await this.submissions.ofUnits(
      input.schoolYear,
      input.report,
      expected.map((u) => u.id),
    );
    return {
      orgUnitId: input.orgUnitId,
      dueOn: deadline.dueOn,
      ...completeness(expected, submissions, deadline, input.asOf),
    };
  }
}

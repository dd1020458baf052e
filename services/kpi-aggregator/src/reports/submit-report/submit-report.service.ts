import { Injectable } from '@nestjs/common';
import { RuleViolation } from '@qn/contracts';
import { OrgDirectory } from '@qn/org-directory';
import { v7 as uuidv7 } from 'uuid';
import type { ReportKind } from '../../indicators/domain';
import { OrgUnitNotFound } from '../../shared/org-unit-errors';
import { mustReportToDepartment, reportingUnit } from '../domain/completeness';
import { unitsDeadline } from '../domain/report-deadlines';
import { ReportSubmissionsRepository, type Submission } from '../report-submissions.repository';

/** Units confirm they have reported (nộp báo cáo): communes, wards, THPT schools, GDTX centres. */
@Injectable()
export class SubmitReportService {
  constructor(
    private readonly submissions: ReportSubmissionsRepository,
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
      throw new OrgUnitNotFound(input.orgUnitId, undefined, {
        errors: [{ field: 'orgUnitId', message: 'unknown' }],
      });
    if (!mustReportToDepartment(reportingUnit(unit, null)))
      throw new RuleViolation(
        'not-a-reporting-unit',
        'This unit does not report to the department',
        `${unit.name} is a ${unit.kind}; communes, wards, special zones, upper-secondary schools and GDTX centres report (deadline ${units.dueOn})`,
        { errors: [{ field: 'orgUnitId', message: 'is not a reporting unit' }] },
      );
    return this.submissions.insertFirst({
      id: uuidv7(),
      schoolYear: input.schoolYear,
      report: input.report,
      orgUnitId: unit.id,
      submittedBy: input.submittedBy,
      submittedAt: input.now,
      note: input.note,
    });
  }
}

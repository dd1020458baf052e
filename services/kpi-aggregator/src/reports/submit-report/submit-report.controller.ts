import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, AccessContext, CurrentPrincipal, Policy, Principal, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import type { ReportKind } from '../../indicators/domain';
import { unitsDeadline } from '../domain/report-deadlines';
import { SubmitReportDto } from './submit-report.dto';
import { SubmitReportService } from './submit-report.service';

/** Units confirm they have reported (nộp báo cáo) for a report of the reporting calendar. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/:schoolYear/:report')
export class SubmitReportController {
  constructor(private readonly submissions: SubmitReportService) {}

  /** A unit confirms its report; the first confirmation counts (a repeat answers 200 with it). */
  @Post('submissions')
  @Policy({
    action: 'submit',
    resource: 'report',
    users: {
      province: Reach.All,
      commune: Reach.Unit,
      principal: Reach.Unit,
      'school-staff': Reach.Unit,
    },
  })
  @Idempotent({ required: false })
  async submit(
    @Param('schoolYear') schoolYear: string,
    @Param('report') report: string,
    @Body() dto: SubmitReportDto,
    @CurrentPrincipal() principal: Principal,
    @Access() access: AccessContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    unitsDeadline(schoolYear, report);
    await access.require({ orgUnitIds: [dto.orgUnitId] }, 'the organisation unit');
    const { submission, created } = await this.submissions.submit({
      schoolYear,
      report: report as ReportKind,
      orgUnitId: dto.orgUnitId,
      submittedBy: principal.subject,
      note: dto.note?.normalize('NFC') ?? null,
      now: new Date(),
    });
    res.status(created ? 201 : 200);
    return submission;
  }
}

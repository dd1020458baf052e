import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InvalidInput } from '@qn/contracts';
import { Policy } from '@qn/auth';
import { IsString } from 'class-validator';
import { SECTOR_SYNCERS } from '../../shared/access/policies';
import { parseTerm } from '../domain/sector-changes';
import { SectorSyncRepository } from '../sector-sync.repository';

export class SyncReportQuery {
  @ApiProperty({ example: '2026-2027-HK1' })
  @IsString()
  term: string;
}

@ApiTags('sector-sync')
@ApiBearerAuth()
@Controller('schools/:schoolId/sector-sync')
export class SyncReportController {
  constructor(private readonly repository: SectorSyncRepository) {}

  /**
   * The school's sync report for a term: records sent (in answered batches), accepted,
   * rejected (and who is still rejected, with the reason), and who is missing: on the school's
   * roster of the school year but never accepted by the sector database.
   */
  @Get('report')
  @Policy({
    action: 'read',
    resource: 'sector-sync-report',
    users: SECTOR_SYNCERS,
    target: { orgUnitParam: 'schoolId' },
    personalData: true,
  })
  async report(
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Query() q: SyncReportQuery,
  ) {
    const term = parseTerm(q.term);
    if ('error' in term) throw new InvalidInput([{ field: 'term', message: term.error }]);
    const r = await this.repository.report(schoolId, term.code, term.schoolYear);
    return {
      schoolId,
      term: term.code,
      schoolYear: term.schoolYear,
      batches: r.totals.batches,
      failedBatches: r.totals.failed,
      lastSentAt: r.totals.lastSentAt,
      sent: r.totals.sent,
      accepted: r.totals.accepted,
      rejected: r.totals.rejected,
      missing: r.missing.length,
      stillRejected: r.rejections,
      missingLearners: r.missing,
    };
  }
}

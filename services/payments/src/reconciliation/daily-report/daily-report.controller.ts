import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { provinceDate } from '@qn/contracts';
import { ClientScope, Policy, Reach } from '@qn/auth';
import { MONEY_KEEPERS } from '../../shared/access-policies';
import { DailyReportService } from './daily-report.service';

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('reconciliation')
export class DailyReportController {
  constructor(private readonly service: DailyReportService) {}

  @Get('reports/daily')
  @Policy({
    action: 'read',
    resource: 'daily-payments-report',
    users: MONEY_KEEPERS,
    clients: { [ClientScope.PaymentsRead]: Reach.All },
  })
  daily(@Query('date') date?: string) {
    return this.service.daily(date ?? provinceDate());
  }
}

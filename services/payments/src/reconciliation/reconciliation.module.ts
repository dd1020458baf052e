import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LedgerModule } from '../ledger/ledger.module';
import { DailyReportController } from './daily-report/daily-report.controller';
import { DailyReportService } from './daily-report/daily-report.service';
import { ExceptionQueue } from './exception-queue.repository';
import { ImportStatementController } from './import-statement/import-statement.controller';
import { ImportStatementService } from './import-statement/import-statement.service';
import { ReadExceptionsController } from './read-exceptions/read-exceptions.controller';
import { ResolveExceptionController } from './resolve-exception/resolve-exception.controller';
import { ResolveExceptionService } from './resolve-exception/resolve-exception.service';
import { StatementImportsRepository } from './statement-imports.repository';

/**
 * Reconciliation (đối soát): bank statements matched to students and booked, the daily report,
 * and the queue of authentic money that could not be applied by itself.
 */
@Module({
  imports: [AccountsModule, LedgerModule],
  controllers: [
    ImportStatementController,
    DailyReportController,
    ReadExceptionsController,
    ResolveExceptionController,
  ],
  providers: [
    ExceptionQueue,
    StatementImportsRepository,
    ImportStatementService,
    DailyReportService,
    ResolveExceptionService,
  ],
  exports: [ExceptionQueue],
})
export class ReconciliationModule {}

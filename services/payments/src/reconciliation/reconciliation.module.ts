import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ExceptionQueue, ExceptionQueueController } from './exception-queue';
import { StatementsController, StatementsService } from './statements';

/** Bank statements (sao kê) matched to students, and the queue of payments that matched nothing. */
@Module({
  imports: [AccountsModule, LedgerModule],
  controllers: [StatementsController, ExceptionQueueController],
  providers: [StatementsService, ExceptionQueue],
  exports: [ExceptionQueue],
})
export class ReconciliationModule {}

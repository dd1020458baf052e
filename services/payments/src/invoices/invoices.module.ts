import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LedgerModule } from '../ledger/ledger.module';
import { InvoicesController, InvoicesService } from './invoices';

/** Invoices and balances, cash at the school desk, cancellation and refunds. */
@Module({
  imports: [AccountsModule, LedgerModule],
  controllers: [InvoicesController],
  providers: [InvoicesService],
  exports: [InvoicesService],
})
export class InvoicesModule {}

import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LedgerModule } from '../ledger/ledger.module';
import { EntitlementsController, EntitlementsService } from './entitlements';

/** Entitlements approved by the school (miễn, giảm học phí; hỗ trợ), applied to invoices. */
@Module({
  imports: [AccountsModule, LedgerModule],
  controllers: [EntitlementsController],
  providers: [EntitlementsService],
  exports: [EntitlementsService],
})
export class EntitlementsModule {}

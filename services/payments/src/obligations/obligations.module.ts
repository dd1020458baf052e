import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { EntitlementsModule } from '../entitlements/entitlements.module';
import { LedgerModule } from '../ledger/ledger.module';
import { BillingController, BillingService } from './billing';
import { EnrollmentEventsConsumer } from './enrollment-events.consumer';

/** What each student owes (billing runs, opted-in services) and the enrollment events that open accounts. */
@Module({
  imports: [AccountsModule, LedgerModule, CatalogueModule, EntitlementsModule],
  controllers: [BillingController, EnrollmentEventsConsumer],
  providers: [BillingService],
})
export class ObligationsModule {}

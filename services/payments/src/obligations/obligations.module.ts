import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { EntitlementsModule } from '../entitlements/entitlements.module';
import { LedgerModule } from '../ledger/ledger.module';
import { EnrollmentEventsConsumer } from './bill-student/enrollment-events.consumer';
import { StudentBillingService } from './bill-student/student-billing.service';
import { ChooseServicesController } from './choose-services/choose-services.controller';
import { ChooseServicesService } from './choose-services/choose-services.service';
import { RunBillingController } from './run-billing/run-billing.controller';
import { RunBillingService } from './run-billing/run-billing.service';

/**
 * What each student owes (nghĩa vụ thu): students billed as enrollment announces them, billing
 * runs per term, and the voluntary services a family signs up for.
 */
@Module({
  imports: [AccountsModule, LedgerModule, CatalogueModule, EntitlementsModule],
  controllers: [RunBillingController, ChooseServicesController, EnrollmentEventsConsumer],
  providers: [StudentBillingService, RunBillingService, ChooseServicesService],
})
export class ObligationsModule {}

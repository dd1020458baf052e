import { DynamicModule, Module } from '@nestjs/common';
import { platformCatalog } from '@qn/contracts';
import { OrgDirectoryModule, orgDirectoryMigrations } from '@qn/org-directory';
import { ServiceKitModule } from '@qn/service-kit';
import { PaymentsConfig } from './config';
import { paymentsLocators } from './access/access';
import { paymentsMigrations } from './database/migrations';
import { StudentAccounts } from './accounts/student-accounts';
import { LedgerRepository } from './ledger/ledger.repository';
import { Postings } from './ledger/postings';
import { FeeCatalogueController, FeeCatalogueService } from './catalogue/fee-catalogue';
import { BillingController, BillingService } from './obligations/billing';
import { EnrollmentEventsConsumer } from './obligations/enrollment-events.consumer';
import { InvoicesController, InvoicesService } from './invoices/invoices';
import { VietQrController } from './channels/vietqr.controller';
import { GatewaysController, GatewayService } from './channels/gateways';
import { ExceptionQueue, ExceptionQueueController } from './reconciliation/exception-queue';
import { StatementsController, StatementsService } from './reconciliation/statements';
import { EntitlementsController, EntitlementsService } from './entitlements/entitlements';

/** What the service stores: used by the app and by the migrate command. */
export const PERSISTENCE = {
  entities: [],
  migrations: [...orgDirectoryMigrations, ...paymentsMigrations],
};

export const SERVICE_NAME = 'payments';

@Module({})
export class AppModule {
  static register(config: PaymentsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: SERVICE_NAME,
          config,
          catalog: platformCatalog,
          ...PERSISTENCE,
        }),
        OrgDirectoryModule.forService(SERVICE_NAME),
      ],
      controllers: [
        FeeCatalogueController,
        BillingController,
        InvoicesController,
        VietQrController,
        GatewaysController,
        ExceptionQueueController,
        StatementsController,
        EntitlementsController,
        EnrollmentEventsConsumer,
      ],
      providers: [
        ...paymentsLocators,
        StudentAccounts,
        LedgerRepository,
        Postings,
        FeeCatalogueService,
        BillingService,
        InvoicesService,
        GatewayService,
        ExceptionQueue,
        StatementsService,
        EntitlementsService,
      ],
    };
  }
}

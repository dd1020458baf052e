import { DynamicModule, Module } from '@nestjs/common';
import { platformCatalog } from '@qn/contracts';
import { OrgDirectoryModule, orgDirectoryMigrations } from '@qn/org-directory';
import { ServiceKitModule, ApiInfo } from '@qn/service-kit';
import { PaymentsConfig } from './config';
import { paymentsLocators } from './shared/access-policies';
import { paymentsMigrations } from './database/migrations';
import { AccountsModule } from './accounts/accounts.module';
import { LedgerModule } from './ledger/ledger.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { ObligationsModule } from './obligations/obligations.module';
import { InvoicesModule } from './invoices/invoices.module';
import { ChannelsModule } from './channels/channels.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { EntitlementsModule } from './entitlements/entitlements.module';

/** What the service stores: used by the app and by the migrate command. */
export const PERSISTENCE = {
  entities: [],
  migrations: [...orgDirectoryMigrations, ...paymentsMigrations],
};

export const SERVICE_NAME = 'payments';

/** Title and description of the service's OpenAPI document (/docs, docs/openapi/). */
export const API_INFO: ApiInfo = {
  title: 'Payments',
  description:
    'School fees paid cashless (thanh toán không dùng tiền mặt): fee catalogue, invoices with a payment code per student, VietQR, gateway callbacks (VNPay-style, MoMo-style), cash at the school desk, refunds, bank statement reconciliation.',
};

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
        AccountsModule,
        LedgerModule,
        CatalogueModule,
        ObligationsModule,
        InvoicesModule,
        ChannelsModule,
        ReconciliationModule,
        EntitlementsModule,
      ],
      // App-wide: the policy guard finds the resource locators and the guardians of every route
      // here; which proxies' X-Forwarded-For to believe.
      providers: [...paymentsLocators],
    };
  }
}

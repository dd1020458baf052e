import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ApplyEntitlementsService } from './apply-entitlements.service';
import { DecideEntitlementController } from './decide-entitlement/decide-entitlement.controller';
import { DecideEntitlementService } from './decide-entitlement/decide-entitlement.service';
import { EntitlementsRepository } from './entitlements.repository';
import { ListCategoriesController } from './list-categories/list-categories.controller';
import { ListEntitlementsController } from './list-entitlements/list-entitlements.controller';
import { ListEntitlementsService } from './list-entitlements/list-entitlements.service';

/** Entitlements approved by the school (miễn, giảm học phí; hỗ trợ), applied to invoices. */
@Module({
  imports: [AccountsModule, LedgerModule],
  controllers: [ListCategoriesController, ListEntitlementsController, DecideEntitlementController],
  providers: [
    EntitlementsRepository,
    ApplyEntitlementsService,
    ListEntitlementsService,
    DecideEntitlementService,
  ],
  exports: [ApplyEntitlementsService],
})
export class EntitlementsModule {}

import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ReconciliationModule } from '../reconciliation/reconciliation.module';
import { GatewaysController, GatewayService } from './gateway-payments';
import { VietQrController } from './vietqr.controller';

/** How families pay without cash: VietQR transfers and the payment gateways (VNPay, MoMo). */
@Module({
  imports: [AccountsModule, LedgerModule, InvoicesModule, ReconciliationModule],
  controllers: [VietQrController, GatewaysController],
  providers: [GatewayService],
})
export class ChannelsModule {}

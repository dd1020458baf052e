import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ReconciliationModule } from '../reconciliation/reconciliation.module';
import { CreateGatewayOrderController } from './create-gateway-order/create-gateway-order.controller';
import { CreateGatewayOrderService } from './create-gateway-order/create-gateway-order.service';
import { CallbackApplication } from './gateway-callbacks/callback-application.service';
import { GatewayCallbacksController } from './gateway-callbacks/gateway-callbacks.controller';
import { MomoCallbackService } from './gateway-callbacks/momo-callback.service';
import { VnpayCallbackService } from './gateway-callbacks/vnpay-callback.service';
import { GatewayOrdersRepository } from './gateway-orders.repository';
import { VietQrController } from './pay-by-vietqr/vietqr.controller';
import { VietQrService } from './pay-by-vietqr/vietqr.service';
import { CollectionAccountController } from './school-collection-account/collection-account.controller';
import { CollectionAccountsRepository } from './school-collection-account/collection-accounts.repository';

/** How families pay without cash (thanh toán không dùng tiền mặt): VietQR transfers and the gateways (VNPay, MoMo). */
@Module({
  imports: [AccountsModule, LedgerModule, InvoicesModule, ReconciliationModule],
  controllers: [
    VietQrController,
    CreateGatewayOrderController,
    GatewayCallbacksController,
    CollectionAccountController,
  ],
  providers: [
    VietQrService,
    CollectionAccountsRepository,
    GatewayOrdersRepository,
    CreateGatewayOrderService,
    CallbackApplication,
    VnpayCallbackService,
    MomoCallbackService,
  ],
})
export class ChannelsModule {}

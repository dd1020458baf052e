import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LedgerModule } from '../ledger/ledger.module';
import { CancelInvoiceController } from './cancel-invoice/cancel-invoice.controller';
import { CancelInvoiceService } from './cancel-invoice/cancel-invoice.service';
import { InvoiceLock } from './invoice-lock.service';
import { InvoiceViews } from './invoice-views.service';
import { ReadInvoiceController } from './read-invoice/read-invoice.controller';
import { ReadStudentAccountController } from './read-student-account/read-student-account.controller';
import { ReadStudentAccountService } from './read-student-account/read-student-account.service';
import { RecordCashPaymentController } from './record-cash-payment/record-cash-payment.controller';
import { RecordCashPaymentService } from './record-cash-payment/record-cash-payment.service';
import { RefundCreditController } from './refund-credit/refund-credit.controller';
import { RefundCreditService } from './refund-credit/refund-credit.service';

/** Invoices and balances (hóa đơn, công nợ), cash at the school desk, cancellation and refunds. */
@Module({
  imports: [AccountsModule, LedgerModule],
  controllers: [
    ReadInvoiceController,
    ReadStudentAccountController,
    CancelInvoiceController,
    RecordCashPaymentController,
    RefundCreditController,
  ],
  providers: [
    InvoiceViews,
    InvoiceLock,
    ReadStudentAccountService,
    CancelInvoiceService,
    RecordCashPaymentService,
    RefundCreditService,
  ],
  exports: [InvoiceViews],
})
export class InvoicesModule {}

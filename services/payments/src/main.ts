import './instrument';
import 'reflect-metadata';
import { loadConfigOrExit } from '@qn/config';
import { bootstrapService } from '@qn/service-kit';
import { paymentsConfigSchema } from './config';
import { AppModule, SERVICE_NAME } from './app.module';

const config = loadConfigOrExit(SERVICE_NAME, paymentsConfigSchema);

void bootstrapService(() => AppModule.register(config), {
  service: SERVICE_NAME,
  title: 'Payments',
  description:
    'School fees paid cashless (thanh toán không dùng tiền mặt): fee catalogue, invoices with a payment code per student, VietQR, gateway callbacks (VNPay-style, MoMo-style), cash at the school desk, refunds, bank statement reconciliation.',
  port: config.PORT,
});

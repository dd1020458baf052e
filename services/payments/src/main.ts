import './instrument';
import 'reflect-metadata';
import { loadConfigOrExit } from '@qn/config';
import { bootstrapService } from '@qn/service-kit';
import { paymentsConfigSchema } from './config';
import { API_INFO, AppModule, SERVICE_NAME } from './app.module';

const config = loadConfigOrExit(SERVICE_NAME, paymentsConfigSchema);

void bootstrapService(() => AppModule.register(config), {
  service: SERVICE_NAME,
  ...API_INFO,
  port: config.PORT,
});

import './instrument';
import 'reflect-metadata';
import { loadConfigOrExit } from '@qn/config';
import { bootstrapService } from '@qn/service-kit';
import { recordsConfigSchema } from './config';
import { AppModule, SERVICE_NAME } from './app.module';

const config = loadConfigOrExit(SERVICE_NAME, recordsConfigSchema);

void bootstrapService(() => AppModule.register(config), {
  service: SERVICE_NAME,
  title: 'Records',
  description:
    'Electronic gradebooks and signed digital school records (học bạ số) of every learner.',
  port: config.PORT,
});

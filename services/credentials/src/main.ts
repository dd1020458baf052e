import './instrument';
import 'reflect-metadata';
import { loadConfigOrExit } from '@qn/config';
import { bootstrapService } from '@qn/service-kit';
import { credentialsConfigSchema } from './config';
import { AppModule, SERVICE_NAME } from './app.module';

const config = loadConfigOrExit(SERVICE_NAME, credentialsConfigSchema);

void bootstrapService(() => AppModule.register(config), {
  service: SERVICE_NAME,
  title: 'Credentials',
  description:
    'Original registers of diplomas (sổ gốc), verifiable digital diplomas and their public verification.',
  port: config.PORT,
});

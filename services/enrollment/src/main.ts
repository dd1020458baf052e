import './instrument';
import 'reflect-metadata';
import { loadConfigOrExit } from '@qn/config';
import { bootstrapService } from '@qn/service-kit';
import { enrollmentConfigSchema } from './config';
import { AppModule, SERVICE_NAME } from './app.module';

const config = loadConfigOrExit(SERVICE_NAME, enrollmentConfigSchema);

void bootstrapService(() => AppModule.register(config), {
  service: SERVICE_NAME,
  title: 'Enrollment',
  description:
    'Online entry admission for grades 1, 6 and 10 (tuyển sinh đầu cấp): rounds, seats, applications from families, schools and outside portals.',
  port: config.PORT,
});

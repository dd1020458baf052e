import './instrument';
import 'reflect-metadata';
import { loadConfigOrExit } from '@qn/config';
import { bootstrapService } from '@qn/service-kit';
import { kpiConfigSchema } from './config';
import { AppModule, SERVICE_NAME } from './app.module';

const config = loadConfigOrExit(SERVICE_NAME, kpiConfigSchema);

void bootstrapService(() => AppModule.register(config), {
  service: SERVICE_NAME,
  title: 'KPI aggregator',
  description:
    'Indicator projections per organisation unit, period and segment, built from the platform events.',
  port: config.PORT,
});

import { loadConfig } from '@qn/config';
import { describeHttpFuzz } from '@qn/testing';
import { enrollmentConfigSchema } from '../src/config';
import { AppModule } from '../src/app.module';

describeHttpFuzz({
  service: 'enrollment',
  title: 'Enrollment',
  module: (env) => AppModule.register(loadConfig(enrollmentConfigSchema, env)),
  known: {
    schoolYear: ['2025-2026', '2026-2027'],
    validFrom: ['2025-07-01', '2026-09-05'],
    grade: [1, 6, 10],
  },
});

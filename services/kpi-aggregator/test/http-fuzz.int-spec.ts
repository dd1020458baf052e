import { loadConfig } from '@qn/config';
import { describeHttpFuzz } from '@qn/testing';
import { kpiConfigSchema } from '../src/config';
import { AppModule } from '../src/app.module';

describeHttpFuzz({
  service: 'kpi-aggregator',
  title: 'KPI',
  module: (env) => AppModule.register(loadConfig(kpiConfigSchema, env)),
  known: {
    schoolYear: ['2025-2026', '2026-2027'],
    validFrom: ['2025-07-01', '2026-09-05'],
    code: [
      'ENR-APPLICATIONS-ONLINE',
      'PAY-CASHLESS-AMOUNT',
      'PAY-CASHLESS-COUNT',
      'PAY-SCHOOLS-CASHLESS',
    ],
    report: ['semester-1', 'year-end'],
    format: ['csv', 'xlsx', 'pdf'],
    period: ['2026', '2026-2027', '2026-Q1', '2026-01'],
  },
});

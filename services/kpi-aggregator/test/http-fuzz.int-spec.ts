import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@qn/config';
import {
  fuzzHttpOperations,
  fuzzProblems,
  fuzzTokens,
  PlatformEnv,
  startInProcess,
} from '@qn/testing';
import { kpiConfigSchema } from '../src/config';
import { AppModule } from '../src/app.module';

/** Every operation, generated bad input: never a 5xx, never a stack trace (libs/testing/http-fuzz). */
describe('kpi-aggregator HTTP fuzz', () => {
  const env = new PlatformEnv();
  let app: INestApplication;

  beforeAll(async () => {
    await env.setUp();
    const config = loadConfig(kpiConfigSchema, {
      ...env.envFor('kpi-aggregator', 1),
      LOG_LEVEL: 'silent',
    });
    ({ app } = await startInProcess(AppModule.register(config), 'KPI'));
  });

  afterAll(async () => {
    await app?.close();
    await env.tearDown();
  });

  it('answers every generated request without a 5xx or a stack trace', async () => {
    const tokens = await fuzzTokens((role, org) => env.token(role, org));
    const result = await fuzzHttpOperations(app, {
      tokens,
      runs: Number(process.env.FUZZ_RUNS ?? 60),
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
    if (process.env.FUZZ_VERBOSE) console.info(JSON.stringify(result.statuses));
    expect(fuzzProblems(result)).toEqual([]);
  }, 180_000);
});

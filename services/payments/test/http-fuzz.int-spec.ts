import { randomUUID } from 'node:crypto';
import { demoProvinceCatalogue, DEMO_SCHOOL_YEAR } from '../src/demo/demo-catalogue';
import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@qn/config';
import {
  fuzzHttpOperations,
  fuzzProblems,
  fuzzTokens,
  PlatformEnv,
  startInProcess,
} from '@qn/testing';
import { paymentsConfigSchema } from '../src/config';
import { AppModule } from '../src/app.module';

/** Every operation, generated bad input: never a 5xx, never a stack trace (libs/testing/http-fuzz). */
describe('payments HTTP fuzz', () => {
  const env = new PlatformEnv();
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    await env.setUp();
    const config = loadConfig(paymentsConfigSchema, {
      ...env.envFor('payments', 1),
      LOG_LEVEL: 'silent',
      VNPAY_HASH_SECRET: randomBytes(32).toString('hex'),
      MOMO_SECRET_KEY: randomBytes(32).toString('hex'),
    });
    ({ app, url } = await startInProcess(AppModule.register(config), 'Payments'));
  });

  afterAll(async () => {
    await app?.close();
    await env.tearDown();
  });

  it('answers every generated request without a 5xx or a stack trace', async () => {
    const tokens = await fuzzTokens((role, org) => env.token(role, org));
    // A fee catalogue, so the catalogue and billing operations have something to work on.
    const put = await fetch(`${url}/fee-catalogues/${DEMO_SCHOOL_YEAR}`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens[0]!.token}`,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(demoProvinceCatalogue),
    });
    expect(put.status).toBeLessThan(300);

    const result = await fuzzHttpOperations(app, {
      tokens,
      runs: Number(process.env.FUZZ_RUNS ?? 60),
      known: { schoolYear: ['2025-2026', '2026-2027'], validFrom: ['2025-07-01', '2026-09-05'] },
    });
    if (process.env.FUZZ_VERBOSE) console.info(JSON.stringify(result.statuses));
    expect(fuzzProblems(result)).toEqual([]);
  }, 180_000);
});

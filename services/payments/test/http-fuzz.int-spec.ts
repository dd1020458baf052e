import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from '@qn/config';
import { describeHttpFuzz } from '@qn/testing';
import { paymentsConfigSchema } from '../src/config';
import { AppModule } from '../src/app.module';
import { demoProvinceCatalogue, DEMO_SCHOOL_YEAR } from '../demo/demo-catalogue';

describeHttpFuzz({
  service: 'payments',
  title: 'Payments',
  module: (env) => AppModule.register(loadConfig(paymentsConfigSchema, env)),
  env: {
    VNPAY_HASH_SECRET: randomBytes(32).toString('hex'),
    MOMO_SECRET_KEY: randomBytes(32).toString('hex'),
  },
  known: { schoolYear: ['2025-2026', '2026-2027'], validFrom: ['2025-07-01', '2026-09-05'] },
  // A fee catalogue, so the catalogue and billing operations have something to work on.
  seed: async (url, token) => {
    const put = await fetch(`${url}/fee-catalogues/${DEMO_SCHOOL_YEAR}`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(demoProvinceCatalogue),
    });
    if (put.status >= 300) throw new Error(`seeding the fee catalogue: ${put.status}`);
    return {};
  },
});

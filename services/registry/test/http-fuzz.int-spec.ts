import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@qn/config';
import {
  fuzzHttpOperations,
  fuzzProblems,
  fuzzTokens,
  PlatformEnv,
  startInProcess,
} from '@qn/testing';
import { registryConfigSchema } from '../src/config';
import { AppModule } from '../src/app.module';

/** Every operation, generated bad input: never a 5xx, never a stack trace (libs/testing/http-fuzz). */
describe('registry HTTP fuzz', () => {
  const env = new PlatformEnv();
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    await env.setUp();
    const config = loadConfig(registryConfigSchema, {
      ...env.envFor('registry', 1),
      LOG_LEVEL: 'silent',
    });
    ({ app, url } = await startInProcess(AppModule.register(config), 'Registry'));
  });

  afterAll(async () => {
    await app?.close();
    await env.tearDown();
  });

  it('answers every generated request without a 5xx or a stack trace', async () => {
    const tokens = await fuzzTokens((role, org) => env.token(role, org));
    // A province, so writes under it and reads of it get past "not found".
    const created = await fetch(`${url}/org-units`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens[0]!.token}`,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({
        code: 'QN',
        kind: 'province',
        name: 'Tỉnh Quảng Ninh',
        validFrom: '2025-07-01',
      }),
    });
    expect(created.status).toBe(201);
    const province = ((await created.json()) as { id: string }).id;
    const result = await fuzzHttpOperations(app, {
      tokens,
      runs: Number(process.env.FUZZ_RUNS ?? 60),
      known: {
        id: [province],
        parentId: [province],
        schoolYear: ['2025-2026', '2026-2027'],
        validFrom: ['2025-07-01', '2026-09-05'],
        asOf: ['2026-01-15'],
      },
    });
    if (process.env.FUZZ_VERBOSE) console.info(JSON.stringify(result.statuses));
    expect(fuzzProblems(result)).toEqual([]);
  }, 180_000);
});

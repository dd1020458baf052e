import { randomUUID } from 'node:crypto';
import { loadConfig } from '@qn/config';
import { describeHttpFuzz } from '@qn/testing';
import { registryConfigSchema } from '../src/config';
import { AppModule } from '../src/app.module';

describeHttpFuzz({
  service: 'registry',
  title: 'Registry',
  module: (env) => AppModule.register(loadConfig(registryConfigSchema, env)),
  known: {
    schoolYear: ['2025-2026', '2026-2027'],
    validFrom: ['2025-07-01', '2026-09-05'],
    asOf: ['2026-01-15'],
  },
  // A province, so writes under it and reads of it get past "not found".
  seed: async (url, token) => {
    const created = await fetch(`${url}/org-units`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({
        code: 'QN',
        kind: 'province',
        name: 'Tỉnh Quảng Ninh',
        validFrom: '2025-07-01',
      }),
    });
    if (created.status !== 201) throw new Error(`seeding the province: ${created.status}`);
    const province = ((await created.json()) as { id: string }).id;
    return { id: [province], parentId: [province] };
  },
});

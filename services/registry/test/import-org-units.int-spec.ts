import { randomUUID } from 'node:crypto';
import { Topics } from '@qn/contracts';
import { callApi, PlatformEnv, ServiceProcess, testKafka, testPort, waitFor } from '@qn/testing';

/** POST /org-units/batch: many units in one transaction, one event per new unit, all or nothing, idempotent. */
describe('registry: importing a batch of organisation units', () => {
  const env = new PlatformEnv();
  const port = testPort();
  const url = `http://127.0.0.1:${port}`;
  let service: ServiceProcess;
  let province: string;
  const events: Array<{ subjectId: string; data: { code: string; versions: unknown[] } }> = [];
  const consumer = testKafka().consumer({ groupId: `${env.prefix}batch-${randomUUID()}` });
  const school = { levels: ['primary'], segment: 'urban', ownership: 'public' };
  const batch = (n: number) => [
    ...Array.from({ length: n }, (_, i) => ({
      code: `B-S-${i}`,
      kind: 'school',
      name: `Trường Tiểu học Số ${i}`,
      parentCode: 'B-D',
      validFrom: '2000-09-05',
      school,
      placeChanges: [{ effectiveFrom: '2025-07-01', parentCode: 'B-W' }],
    })),
    {
      code: 'B-D',
      kind: 'district',
      name: 'Huyện Thử',
      parentCode: 'B-P',
      validFrom: '1963-10-30',
      end: { validTo: '2025-07-01', successorCodes: ['B-W'] },
    },
    { code: 'B-W', kind: 'ward', name: 'Phường Thử', parentCode: 'B-P', validFrom: '2025-07-01' },
    { code: 'B-P', kind: 'province', name: 'Tỉnh Thử', parentCode: null, validFrom: '1963-10-30' },
  ];
  const send = (items: unknown[], token = province) =>
    callApi(url, 'POST', '/org-units/batch', token, { items });

  beforeAll(async () => {
    await env.setUp();
    service = new ServiceProcess('registry', env.envFor('registry', port)).start();
    await service.ready(url);
    province = await env.token('province');
    await consumer.connect();
    await consumer.subscribe({
      topic: `${env.prefix}${Topics.registryOrgUnits}`,
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ message }) => void events.push(JSON.parse(message.value!.toString())),
    });
  }, 90000);
  afterAll(async () => {
    await consumer.disconnect();
    await service?.stop();
    await env.tearDown();
  });

  it('refuses a batch with failing items, naming each item and field, and imports nothing', async () => {
    const items = batch(3) as Array<Record<string, unknown>>;
    items[1] = { ...items[1], school: null };
    items[2] = { ...items[2], placeChanges: [{ effectiveFrom: '2025-07-01', parentCode: 'NOPE' }] };
    const r = await send(items);
    expect(r.status).toBe(422);
    expect(r.type).toContain('application/problem+json');
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'items.1.school',
      'items.2.placeChanges.0.parentCode',
    ]);
    const malformed = await send([{ ...items[0], validFrom: '2025-13-01' }, { code: '!' }]);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['items.0.validFrom', 'items.1.code', 'items.1.kind']),
    );
    const tooMany = await send(Array.from({ length: 2001 }, () => items[0]));
    expect(tooMany.status).toBe(400);
    const found = await callApi(url, 'GET', '/org-units?code=B-P', province);
    expect(found.body.total).toBe(0);
  });

  it("is the department's: others may not import", async () => {
    const r = await send(batch(1), await env.token('commune'));
    expect(r.status).toBe(403);
  });

  it('creates every unit with its history in one go, one event per unit, and changes nothing when sent again', async () => {
    const items = batch(300);
    const started = Date.now();
    const r = await send(items);
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(10000);
    expect(r.body).toMatchObject({ created: 303, unchanged: 0 });
    expect(r.body.items.map((i: { code: string }) => i.code)).toEqual(items.map((i) => i.code));
    const byCode = new Map<string, string>(
      r.body.items.map((i: { code: string; id: string }) => [i.code, i.id]),
    );
    const s0 = await callApi(url, 'GET', `/org-units/${byCode.get('B-S-0')}`, province);
    expect(s0.body.parentId).toBe(byCode.get('B-W'));
    expect(s0.body.versions.map((v: { parentId: string }) => v.parentId)).toEqual([
      byCode.get('B-D'),
      byCode.get('B-W'),
    ]);
    const d = await callApi(url, 'GET', `/org-units/${byCode.get('B-D')}`, province);
    expect(d.body).toMatchObject({ validTo: '2025-07-01', successorIds: [byCode.get('B-W')] });

    const again = await send(items);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: 0, unchanged: 303 });
    expect(again.body.items.map((i: { id: string }) => i.id)).toEqual(
      r.body.items.map((i: { id: string }) => i.id),
    );
    // A unit created after the re-send: once its event is in, nothing else came in between.
    const more = await send([...items, { ...items[0], code: 'B-S-LAST', name: 'Trường Cuối' }]);
    expect(more.body).toMatchObject({ created: 1, unchanged: 303 });
    await waitFor(() => events.some((e) => e.data.code === 'B-S-LAST'), {
      timeoutMs: 30000,
      description: "the last unit's event",
    });
    expect(events).toHaveLength(304);
    expect(new Set(events.map((e) => e.subjectId)).size).toBe(304);
    expect(events.find((e) => e.data.code === 'B-S-0')!.data.versions).toHaveLength(2);

    const clash = await send([{ ...items[items.length - 2], name: 'Phường Khác' }]);
    expect(clash.status).toBe(409);
    expect(clash.body.errors).toEqual([{ field: 'items.0.code', message: expect.any(String) }]);
  }, 60000);
});

import { PlatformEnv, testPort, ServiceProcess, testKafka, waitFor } from '@qn/testing';
import { KafkaMessage } from 'kafkajs';

/**
 * The walking skeleton across real processes: a school created through the registry's REST API
 * is published on Kafka (outbox → relay), consumed by the KPI aggregator in another process and
 * returned by the aggregator's own query API.
 */
describe('walking skeleton: registry → Kafka → kpi-aggregator', () => {
  const env = new PlatformEnv();
  const registryPort = testPort();
  const kpiPort = testPort();
  const registryUrl = `http://127.0.0.1:${registryPort}`;
  const kpiUrl = `http://127.0.0.1:${kpiPort}`;
  let registry: ServiceProcess;
  let kpi: ServiceProcess;
  let province: string;

  beforeAll(async () => {
    await env.setUp();
    registry = new ServiceProcess('registry', env.envFor('registry', registryPort)).start();
    kpi = new ServiceProcess('kpi-aggregator', env.envFor('kpi-aggregator', kpiPort)).start();
    await Promise.all([registry.ready(registryUrl), kpi.ready(kpiUrl)]);
    province = await env.token('province');
  }, 90000);

  afterAll(async () => {
    await Promise.all([registry?.stop(), kpi?.stop()]);
    await env.tearDown();
  });

  /** The registry's messages on its topic, read from the beginning by a throw-away group. */
  const orgUnitMessages = async (count: number): Promise<KafkaMessage[]> => {
    const consumer = testKafka().consumer({
      groupId: `${env.prefix}reader`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: `${env.prefix}registry.org-unit.v1`, fromBeginning: true });
    const got: KafkaMessage[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
    try {
      await waitFor(() => got.length >= count, { description: `${count} org-unit messages` });
    } finally {
      await consumer.disconnect();
    }
    return got;
  };

  const post = async (
    path: string,
    body: unknown,
    token = province,
    extraHeaders: Record<string, string> = {},
  ) => {
    const res = await fetch(`${registryUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...extraHeaders,
      },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as Record<string, unknown>,
    };
  };
  const getKpi = async (path: string, token = province) => {
    const res = await fetch(`${kpiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('materialises a school created in the registry in the aggregator, scoped by the tree', async () => {
    const qn = await post('/org-units', {
      code: 'QN',
      kind: 'province',
      name: 'Tỉnh Quảng Ninh',
      validFrom: '1963-10-30',
    });
    expect(qn.status).toBe(201);
    const hongGai = await post('/org-units', {
      code: 'QN-C-HONGGAI',
      kind: 'ward',
      name: 'Phường Hồng Gai',
      parentId: qn.body.id,
      validFrom: '2025-07-01',
    });
    const baiChay = await post('/org-units', {
      code: 'QN-C-BAICHAY',
      kind: 'ward',
      name: 'Phường Bãi Cháy',
      parentId: qn.body.id,
      validFrom: '2025-07-01',
    });
    // Decomposed Vietnamese input is stored NFC-normalised.
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const school = await post(
      '/org-units',
      {
        code: 'qn-s-thpt-0001',
        kind: 'school',
        name: 'Trường THPT Hòn Gai'.normalize('NFD'),
        parentId: hongGai.body.id,
        validFrom: '2025-07-01',
        school: { levels: ['upper-secondary'], segment: 'urban', ownership: 'public' },
      },
      province,
      { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    );
    expect(school.status).toBe(201);
    expect(school.body).toMatchObject({
      code: 'QN-S-THPT-0001',
      name: 'Trường THPT Hòn Gai'.normalize('NFC'),
      revision: 1,
    });

    const replica = await waitFor(
      async () => {
        const r = await getKpi(`/org-units/${school.body.id}`);
        return r.status === 200 ? r.body : undefined;
      },
      { timeoutMs: 30000, description: 'the school to reach the aggregator' },
    );
    expect(replica).toMatchObject({
      id: school.body.id,
      code: 'QN-S-THPT-0001',
      kind: 'school',
      parentId: hongGai.body.id,
      school: { segment: 'urban' },
    });

    // A commune user sees its own school; the neighbouring ward's user does not.
    const hongGaiUser = await env.token('commune', hongGai.body.id as string);
    const baiChayUser = await env.token('commune', baiChay.body.id as string);
    await waitFor(
      async () =>
        (await getKpi(`/org-units/${hongGai.body.id}/children`, hongGaiUser)).status === 200,
      { description: 'ward in replica' },
    );
    const children = await getKpi(`/org-units/${hongGai.body.id}/children`, hongGaiUser);
    expect((children.body as unknown as Array<{ id: string }>).map((c) => c.id)).toEqual([
      school.body.id,
    ]);
    expect((await getKpi(`/org-units/${school.body.id}`, baiChayUser)).status).toBe(403);

    // On Kafka: keyed by the unit id, enveloped, and carrying the caller's trace.
    const messages = await orgUnitMessages(4);
    const schoolMessage = messages.find((m) => m.key?.toString() === school.body.id)!;
    const envelope = JSON.parse(schoolMessage.value!.toString());
    expect(envelope).toMatchObject({
      type: 'registry.org-unit.changed',
      version: 1,
      source: 'registry',
      subjectId: school.body.id,
      orgUnitId: school.body.id,
    });
    expect(schoolMessage.headers!.traceparent!.toString()).toMatch(
      new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`),
    );
  });

  it('publishes a dated move, and answers bad input with problem+json naming the fields', async () => {
    const list = await fetch(`${registryUrl}/org-units?code=QN-S-THPT-0001`, {
      headers: { authorization: `Bearer ${province}` },
    }).then((r) => r.json() as Promise<{ items: Array<{ id: string }> }>);
    const schoolId = list.items[0].id;
    const wards = await fetch(`${registryUrl}/org-units?kind=ward`, {
      headers: { authorization: `Bearer ${province}` },
    }).then((r) => r.json() as Promise<{ items: Array<{ id: string; code: string }> }>);
    const baiChay = wards.items.find((w) => w.code === 'QN-C-BAICHAY')!;
    const moved = await post(`/org-units/${schoolId}/place-changes`, {
      effectiveFrom: '2026-01-01',
      parentId: baiChay.id,
    });
    expect(moved.status).toBe(200);
    await waitFor(
      async () => (await getKpi(`/org-units/${schoolId}`)).body.parentId === baiChay.id,
      { description: 'the move to reach the aggregator' },
    );
    const inAggregator = await getKpi(`/org-units/${schoolId}`);
    expect(inAggregator.body.versions).toHaveLength(2);

    const bad = await post('/org-units', {
      code: '!',
      kind: 'castle',
      name: '',
      validFrom: '2025-13-01',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    const fields = (bad.body.errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['code', 'kind', 'name', 'validFrom', 'extra']));

    const orphan = await post('/org-units', {
      code: 'QN-S-ORPHAN',
      kind: 'school',
      name: 'Trường X',
      validFrom: '2025-09-05',
      school: { levels: ['primary'], segment: 'rural', ownership: 'public' },
    });
    expect(orphan).toMatchObject({ status: 422, body: { errors: [{ field: 'parentId' }] } });

    const duplicate = await post('/org-units', {
      code: 'QN',
      kind: 'province',
      name: 'Tỉnh Quảng Ninh',
      validFrom: '1963-10-30',
    });
    expect(duplicate.status).toBe(409);

    // A retried create with the same Idempotency-Key answers the first result instead of a 409.
    const body = { code: 'QN-C-HATU', kind: 'ward', name: 'Phường Hà Tu', validFrom: '2025-07-01' };
    const provinceId = (
      await fetch(`${registryUrl}/org-units?kind=province`, {
        headers: { authorization: `Bearer ${province}` },
      }).then((r) => r.json() as Promise<{ items: Array<{ id: string }> }>)
    ).items[0].id;
    const retried = { ...body, parentId: provinceId };
    const first = await post('/org-units', retried, province, {
      'idempotency-key': `create-ha-tu-${env.id}`,
    });
    const second = await post('/org-units', retried, province, {
      'idempotency-key': `create-ha-tu-${env.id}`,
    });
    expect(first.status).toBe(201);
    expect(second).toMatchObject({ status: 201, body: { id: first.body.id } });

    const teacher = await env.token('teacher');
    expect(
      (
        await post(
          '/org-units',
          { code: 'QN-X', kind: 'province', name: 'X', validFrom: '2025-01-01' },
          teacher,
        )
      ).status,
    ).toBe(403);
  });

  it('stops gracefully on SIGTERM: the consumer leaves its group at once, then the process ends', async () => {
    const started = Date.now();
    await kpi.stop('SIGTERM');
    // Nest runs the shutdown hooks, then re-raises the signal: 128 + 15.
    expect(kpi.exitCode).toBe(143);
    expect(Date.now() - started).toBeLessThan(10000);
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([`${env.prefix}kpi-aggregator.org-directory`]);
      // A crashed member would linger until its session timed out (state Stable, one member); a
      // graceful one has left: Empty, or Dead when the broker has already dropped the group.
      expect(groups[0].members).toEqual([]);
      expect(['Empty', 'Dead']).toContain(groups[0].state);
    } finally {
      await admin.disconnect();
    }
    await registry.stop('SIGTERM');
    expect(registry.exitCode).toBe(143);
  });
});

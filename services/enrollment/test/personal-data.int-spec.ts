import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { KafkaMessage } from 'kafkajs';
import { EventTypes, newEvent, Topics } from '@qn/contracts';
import {
  OtlpCollector,
  redisUrl,
  sleep,
  testKafka,
  testPort,
  TestPrincipals,
  waitFor,
} from '@qn/testing';
import { EnrollmentWorld } from './world';

/**
 * Children's personal data never leaves through the side doors. A whole admission runs with
 * the services logging at debug level and exporting every trace span (HTTP, Express, pg, ioredis)
 * to a local OTLP receiver: online and portal applications, a duplicate refused, an
 * amendment replayed from its idempotency copy, a portal application refused to the dead-letter
 * topic, offers, confirmation, reads. Then every log line, every span, every Redis value of this
 * deployment and every dead-letter message is searched for the personal ids, names and dates of birth used.
 */
describe('personal data stays out of logs, traces, Redis and dead letters', () => {
  const collector = new OtlpCollector(testPort());
  const world = new EnrollmentWorld({
    ROUND_CLOSE_CHECK_MS: '500',
    LOG_LEVEL: 'debug',
    TRUSTED_PORTALS: 'dvc-quangninh',
    ...collector.env(),
  });
  const { env, ids } = world;
  const children = [
    { personalId: '022220017731', fullName: 'Nguyễn Thị Bích Ngọc', dateOfBirth: '2020-01-17' },
    { personalId: '022320018842', fullName: 'Trần Văn Khải Hoàn', dateOfBirth: '2020-05-23' },
    { personalId: '022220019953', fullName: 'Lê Hoàng Minh Châu', dateOfBirth: '2020-07-11' },
  ];

  beforeAll(async () => {
    await collector.start();
    await world.start();
  }, 90000);
  afterAll(async () => {
    await world.stop();
    await collector.stop();
  });

  it('finds none of it anywhere after a whole admission', async () => {
    const province = world.province;
    await world.unit('PD-QN', 'province', null, { validFrom: '1963-10-30' });
    await world.unit('PD-W1', 'ward', ids['PD-QN']);
    await world.unit('PD-TH', 'school', ids['PD-W1'], {
      school: { levels: ['primary'], segment: 'urban', ownership: 'public' },
    });
    const closesAt = Date.now() + 9000;
    const round = await world.call('POST', '/rounds', province, {
      schoolYear: '2026-2027',
      grade: 1,
      name: 'Lớp 1 — dữ liệu cá nhân',
      opensAt: new Date(Date.now() - 60000).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
      maxWishes: 1,
      priorityCategories: [],
    });
    const roundId = round.body.id as string;
    await waitFor(
      async () =>
        (
          await world.call('PUT', `/rounds/${roundId}/schools/${ids['PD-TH']}`, province, {
            capacity: 5,
            catchmentOrgUnitIds: [ids['PD-W1']],
          })
        ).status === 200,
      { description: 'the school in enrollment' },
    );
    const applicant = (c: (typeof children)[number]) => ({
      ...c,
      residenceOrgUnitId: ids['PD-W1'],
    });
    const family = await env.token('family', null, 'pd-family');
    const key = randomUUID();
    const body = {
      applicant: applicant(children[0]!),
      wishes: [ids['PD-TH']],
      priorityCategories: [],
    };
    const applied = await world.call('POST', `/rounds/${roundId}/applications`, family, body, {
      'idempotency-key': key,
    });
    expect(applied.status).toBe(201);
    const id = applied.body.applicationId as string;
    // The same request again (replayed); the same child from another family (kept as a contested
    // claim, answered like any application: no oracle); again from the guardian (refused).
    expect(
      (
        await world.call('POST', `/rounds/${roundId}/applications`, family, body, {
          'idempotency-key': key,
        })
      ).status,
    ).toBe(201);
    const other = await env.token('family', null, 'pd-other-family');
    const dup = await world.call('POST', `/rounds/${roundId}/applications`, other, body, {
      'idempotency-key': randomUUID(),
    });
    expect(dup.status).toBe(201);
    const again = await world.call('POST', `/rounds/${roundId}/applications`, family, body, {
      'idempotency-key': randomUUID(),
    });
    expect(again.status).toBe(409);
    for (const c of children) expect(JSON.stringify(again.body)).not.toContain(c.fullName);
    // An amendment and its replay from the idempotency copy.
    const amendKey = randomUUID();
    for (let i = 0; i < 2; i++)
      expect(
        (
          await world.call(
            'PATCH',
            `/applications/${id}`,
            family,
            { priorityCategories: [] },
            {
              'idempotency-key': amendKey,
            },
          )
        ).status,
      ).toBe(200);
    expect((await world.call('GET', `/applications/${id}`, family)).status).toBe(200);

    // A portal sends one good application and one for a school outside the round (dead letter).
    const producer = testKafka('pd-portal', TestPrincipals.portal).producer();
    await producer.connect();
    const portal = (c: (typeof children)[number], wishes: string[]) =>
      newEvent({
        ...EventTypes.applicationSubmitted,
        source: 'dvc-quangninh',
        subjectId: randomUUID(),
        orgUnitId: ids['PD-TH']!,
        data: {
          externalId: randomUUID(),
          roundId,
          applicant: applicant(c),
          wishes,
          priorityCategories: [],
          submittedAt: new Date().toISOString(),
        },
      });
    try {
      await producer.send({
        topic: `${env.prefix}${Topics.enrollmentApplicationIntake}`,
        messages: [portal(children[1]!, [ids['PD-TH']!]), portal(children[2]!, [randomUUID()])].map(
          (e) => ({ key: e.subjectId, value: JSON.stringify(e) }),
        ),
      });
    } finally {
      await producer.disconnect();
    }
    const deadLetters = await readTopic(
      `${env.prefix}${Topics.enrollmentApplicationIntake}.dlq`,
      1,
    );

    // Results, acceptance and confirmation: the child becomes a student.
    await sleep(Math.max(0, closesAt - Date.now() + 300));
    expect((await world.call('POST', `/rounds/${roundId}/publication`, province)).status).toBe(200);
    const offer = (await world.call('GET', `/applications/${id}/offer`, family)).body;
    expect((await world.call('POST', `/offers/${offer.id}/acceptance`, family)).status).toBe(200);
    const staff = await env.token('school-staff', ids['PD-TH'], 'pd-staff');
    expect((await world.call('POST', `/offers/${offer.id}/confirmation`, staff, {})).status).toBe(
      200,
    );
    await sleep(1000);

    // The batch span processor exports every 200 ms: wait until the last requests' spans are in.
    await waitFor(
      () => collector.spans().some((s) => JSON.stringify(s).includes('/confirmation')),
      { timeoutMs: 10000, description: 'the confirmation span exported' },
    );
    const spans = collector.spans();
    const places: Array<[string, string]> = [
      ['enrollment log', world.enrollment.logs],
      ...spans.map(
        (s, i) => [`span ${i} ${s.name}`, JSON.stringify(s.attributes)] as [string, string],
      ),
      ['registry log', world.registry.logs],
      ...(await redisValues(env.prefix)),
      ...deadLetters.map(
        (m, i) =>
          [
            `dead letter ${i}`,
            `${m.value?.toString() ?? ''} ${JSON.stringify(
              Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)])),
            )}`,
          ] as [string, string],
      ),
    ];
    // The logs are not empty: the scan reads what the services really wrote.
    expect(world.enrollment.logs.length).toBeGreaterThan(1000);
    // …and the spans carry what a trace would show: routes, URLs, SQL statements.
    expect(spans.some((s) => s.attributes['db.query.text']?.includes('application'))).toBe(true);
    expect(spans.some((s) => s.attributes['http.route'] !== undefined)).toBe(true);
    const leaks: string[] = [];
    for (const [where, text] of places)
      for (const c of children)
        for (const value of [c.personalId, c.fullName, c.fullName.normalize('NFD'), c.dateOfBirth])
          if (text.includes(value)) {
            const at = text.indexOf(value);
            leaks.push(`${where} holds ${value}: …${text.slice(Math.max(0, at - 300), at + 60)}…`);
          }
    expect(leaks).toEqual([]);
  }, 180000);
});

/** Every Redis value of this deployment (keys carry the deployment's prefix). */
async function redisValues(prefix: string): Promise<Array<[string, string]>> {
  const redis = new Redis(redisUrl());
  try {
    const out: Array<[string, string]> = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
      cursor = next;
      for (const k of keys) {
        const type = await redis.type(k);
        const value =
          type === 'string'
            ? await redis.get(k)
            : type === 'hash'
              ? JSON.stringify(await redis.hgetall(k))
              : type === 'list'
                ? JSON.stringify(await redis.lrange(k, 0, -1))
                : type === 'set'
                  ? JSON.stringify(await redis.smembers(k))
                  : type === 'zset'
                    ? JSON.stringify(await redis.zrange(k, 0, -1))
                    : '';
        out.push([`redis ${k}`, value ?? '']);
      }
    } while (cursor !== '0');
    if (out.length === 0) throw new Error('no Redis keys of this deployment: nothing was scanned');
    return out;
  } finally {
    redis.disconnect();
  }
}

async function readTopic(topic: string, atLeast: number): Promise<KafkaMessage[]> {
  const consumer = testKafka().consumer({
    groupId: `reader-${randomUUID()}`,
    sessionTimeout: 6000,
    heartbeatInterval: 500,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: KafkaMessage[] = [];
  await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
  try {
    await waitFor(() => got.length >= atLeast, { timeoutMs: 30000, description: topic });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

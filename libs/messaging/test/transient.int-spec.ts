import { Admin } from 'kafkajs';
import { Client, escapeIdentifier as ident } from 'pg';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { dlqTopicOf } from '@qn/contracts';
import { createServiceDataSource, provisionServiceRoles, urlForRole } from '@qn/persistence';
import { adminDatabaseUrl, sleep, waitFor } from '@qn/testing';
import { EventConsumer, EventHandler, MessagingMetrics, TransientError } from '../src';
import { credited, Harness } from './harness';

/** Longer than the old retry budget (4 attempts, 200 ms doubling: 1.4 s) by far. */
const OUTAGE_MS = 8000;

describe('consumer through a PostgreSQL outage', () => {
  const h = new Harness();
  const role = `qn_t${h.id}_ledger`;
  const group = `${h.prefix}outage`;
  const registry = new Registry();
  const metrics = MessagingMetrics.for(registry);
  const logs: string[] = [];
  let consumerDs: DataSource;
  let superuser: Client;
  let admin: Admin;

  beforeAll(async () => {
    await h.setUp();
    // The consumer logs in as a role of its own (never a superuser), so the outage can be
    // made for its connections only: the test keeps reading through the superuser.
    await provisionServiceRoles(h.db.url, [{ schema: 'svc', role, password: `pw-${h.id}` }]);
    consumerDs = createServiceDataSource({
      url: urlForRole(h.db.url, { role, password: `pw-${h.id}` }),
      schema: 'svc',
      entities: [],
      migrations: [],
      poolSize: 4,
    });
    await consumerDs.initialize();
    // Closed after the consumer stops (closers run in reverse), before the database is dropped.
    h.onTearDown(() => consumerDs.destroy());
    superuser = new Client({ connectionString: h.db.url });
    await superuser.connect();
    admin = h.kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await superuser?.query(`ALTER ROLE ${ident(role)} LOGIN`).catch(() => undefined);
    await superuser?.end();
    await admin?.disconnect();
    await h.tearDown();
    // Roles belong to the server, not the database: drop it once its database is gone.
    const c = new Client({ connectionString: adminDatabaseUrl() });
    await c.connect();
    await c.query(`DROP ROLE IF EXISTS ${ident(role)}`).finally(() => c.end());
  });

  it('waits out the outage: nothing dead-lettered but the poison event, each event applied once, no offset committed past an unapplied event', async () => {
    const consumer = new EventConsumer({
      kafka: h.kafka,
      producer: h.producer,
      dataSource: consumerDs,
      catalog: h.catalog,
      groupId: group,
      topics: [h.topic],
      handler: h.recordCredit,
      // The production defaults for deterministic failures (the budget the outage exceeds);
      // a 1 s cap on the transient backoff only shortens the test after the restore.
      transientBackoffMs: 200,
      transientBackoffMaxMs: 1000,
      chunkSize: 5,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 500,
      metrics,
      log: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    });
    await consumer.start();
    h.onTearDown(() => consumer.stop());

    // Where each event landed, to check the committed offsets against what was applied.
    const at = new Map<string, string>(); // `${partition}@${offset}` → event id
    const sent: string[] = [];
    const publish = async (account: string) => {
      const e = credited(account, 1);
      const [meta] = await h.producer.send({
        topic: h.topic,
        acks: -1,
        messages: [{ key: account, value: JSON.stringify(e) }],
      });
      at.set(`${meta.partition}@${meta.baseOffset}`, e.id);
      sent.push(e.id);
      return e;
    };
    const applied = async () =>
      new Set(
        (
          (await superuser.query(`SELECT event_id FROM svc.ledger_effect`)).rows as Array<{
            event_id: string;
          }>
        ).map((r) => r.event_id),
      );

    // Watches the group's committed offsets all along: each message below a committed offset
    // must be applied already (or be the dead-lettered poison event).
    let poisonId = '';
    const violations: string[] = [];
    let watching = true;
    let checks = 0;
    const watcher = (async () => {
      while (watching) {
        const [committed] = await admin.fetchOffsets({ groupId: group, topics: [h.topic] });
        const done = await applied();
        for (const p of committed.partitions) {
          for (let o = 0n; o < BigInt(p.offset === '-1' ? 0 : p.offset); o++) {
            const id = at.get(`${p.partition}@${o}`);
            if (id && id !== poisonId && !done.has(id))
              violations.push(`partition ${p.partition} committed ${p.offset} before offset ${o}`);
          }
        }
        checks++;
        await sleep(100);
      }
    })();

    // 1. Normal operation.
    for (let i = 0; i < 20; i++) await publish(`acc-before-${i}`);
    await waitFor(async () => (await applied()).size === 20, { description: '20 events' });

    // 2. The outage: the consumer's role may not log in and its backends are terminated.
    await superuser.query(`ALTER ROLE ${ident(role)} NOLOGIN`);
    await superuser.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`,
      [role],
    );
    const outageStart = Date.now();
    for (let i = 0; i < 20; i++) {
      await publish(`acc-during-${i}`);
      if (i === 9) poisonId = (await publish('poison')).id;
      await sleep(100);
    }
    const blocked = () =>
      registry
        .getSingleMetric('qn_messaging_consumer_blocked')!
        .get()
        .then((g) => g.values.some((v) => v.value === 1));
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStart)));
    // Nothing could be applied, and nothing was given up on (the consumer before this change
    // dead-lettered valid events here, 1.4 s into the outage).
    const dlqHigh = async () =>
      (await admin.fetchTopicOffsets(dlqTopicOf(h.topic))).reduce((s, p) => s + Number(p.high), 0);
    expect(await dlqHigh()).toBe(0);
    expect((await applied()).size).toBe(20);
    expect(await blocked()).toBe(true);

    // 3. PostgreSQL is back for the role.
    await superuser.query(`ALTER ROLE ${ident(role)} LOGIN`);
    const restored = Date.now();
    for (let i = 0; i < 20; i++) await publish(`acc-after-${i}`);
    await waitFor(async () => (await applied()).size === 60, {
      description: 'all 60 valid events',
      timeoutMs: 30000,
    });
    const catchUpMs = Date.now() - restored;
    // The group commits up to the end of the topic (the poison event dead-lettered on the way).
    const high = async () =>
      (await admin.fetchTopicOffsets(h.topic)).reduce((s, p) => s + Number(p.high), 0);
    const committedSum = async () =>
      (await admin.fetchOffsets({ groupId: group, topics: [h.topic] }))[0].partitions.reduce(
        (s, p) => s + Math.max(0, Number(p.offset)),
        0,
      );
    const end = await high();
    await waitFor(async () => (await committedSum()) === end, {
      description: 'offsets at the end',
    });
    watching = false;
    await watcher;

    // Each valid event exactly once.
    const [{ rows, distinct }] = (
      await superuser.query(
        `SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS distinct FROM svc.ledger_effect`,
      )
    ).rows as Array<{ rows: number; distinct: number }>;
    expect({ rows, distinct }).toEqual({ rows: 60, distinct: 60 });
    expect(await applied()).toEqual(new Set(sent.filter((id) => id !== poisonId)));

    // The poison event alone went to the DLQ, with its reason, once the database was back.
    await waitFor(async () => (await dlqHigh()) === 1, { description: 'the poison dead letter' });
    const [dead] = await h.readTopic(dlqTopicOf(h.topic), 1);
    expect(dead.headers?.['x-dlq-reason']?.toString()).toBe(
      'handler-failed: cannot credit the poison account (after 4 attempts)',
    );
    expect(JSON.parse(dead.value!.toString()).id).toBe(poisonId);
    expect(await dlqHigh()).toBe(1);

    expect(checks).toBeGreaterThan(20);
    expect(violations).toEqual([]);
    const retries = (
      await registry.getSingleMetric('qn_messaging_consumer_transient_retries_total')!.get()
    ).values.reduce((s, v) => s + v.value, 0);
    expect(retries).toBeGreaterThanOrEqual(5);
    expect(await blocked()).toBe(false);
    // Said so in the log, without the events: no account name or event id in any line.
    expect(logs.some((l) => /blocked for \d+ s/.test(l))).toBe(true);
    for (const l of logs) {
      expect(l).not.toMatch(/acc-(before|during|after)/);
      for (const id of sent) expect(l).not.toContain(id);
    }
    console.info(
      `outage ${OUTAGE_MS} ms: ${retries} transient retries, all applied ${catchUpMs} ms after the restore, ${checks} offset checks`,
    );
  });
});

describe('consumer blocked on a transient fault', () => {
  const h = new Harness();
  const registry = new Registry();
  const metrics = MessagingMetrics.for(registry);
  let admin: Admin;
  beforeAll(async () => {
    await h.setUp();
    admin = h.kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.disconnect();
    await h.tearDown();
  });

  const start = async (group: string, handler: EventHandler, producer = h.producer) => {
    const consumer = new EventConsumer({
      kafka: h.kafka,
      producer,
      dataSource: h.ds,
      catalog: h.catalog,
      groupId: group,
      topics: [h.topic],
      handler,
      transientBackoffMs: 100,
      transientBackoffMaxMs: 400,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 500,
      metrics,
    });
    await consumer.start();
    h.onTearDown(() => consumer.stop());
    return consumer;
  };
  const committed = async (group: string, partition: number) =>
    (await admin.fetchOffsets({ groupId: group, topics: [h.topic] }))[0].partitions.find(
      (p) => p.partition === partition,
    )!.offset;
  const blocked = async (group: string) =>
    (await registry.getSingleMetric('qn_messaging_consumer_blocked')!.get()).values.some(
      (v) => v.labels.group === group && v.value === 1,
    );

  it('a consumer stopped while blocked commits nothing past the event; the next one applies it once', async () => {
    const group = `${h.prefix}stop-blocked`;
    let upstreamDown = true;
    const handler: EventHandler = async (events, tx) => {
      // An outside dependency of the handler, down for now.
      if (upstreamDown) throw new TransientError('exam board API unavailable');
      await h.recordCredit(events, tx);
    };
    const first = await start(group, handler);
    const event = credited('acc-stop', 3);
    const [meta] = await h.producer.send({
      topic: h.topic,
      acks: -1,
      messages: [{ partition: 0, value: JSON.stringify(event) }],
    });
    await waitFor(() => blocked(group), { description: 'the partition blocked' });
    await first.stop();
    expect(BigInt(await committed(group, 0))).toBeLessThanOrEqual(BigInt(meta.baseOffset!));
    expect(await blocked(group)).toBe(false);
    upstreamDown = false;
    const second = await start(group, handler);
    await waitFor(async () => (await h.effects()).some((e) => e.event_id === event.id), {
      description: 'the event applied by the next consumer',
    });
    await waitFor(async () => BigInt(await committed(group, 0)) === BigInt(meta.baseOffset!) + 1n, {
      description: 'the offset committed after it',
    });
    expect((await h.effects()).filter((e) => e.event_id === event.id)).toHaveLength(1);
    // The next test's events are for its own group only.
    await second.stop();
  });

  it('a dead letter that cannot be published blocks the partition until it can', async () => {
    const group = `${h.prefix}dlq-down`;
    // A real producer that is disconnected: its sends fail until it connects again.
    const dlqProducer = h.newProducer();
    const consumer = await start(group, h.recordCredit, dlqProducer);
    const rejected = credited('closed', 1);
    const after = credited('acc-after-dlq-down', 1);
    const [meta] = await h.producer.send({
      topic: h.topic,
      acks: -1,
      messages: [rejected, after].map((e) => ({ partition: 1, value: JSON.stringify(e) })),
    });
    await waitFor(() => blocked(group), { description: 'the partition blocked' });
    await sleep(1500);
    const dlqHigh = async () =>
      (await admin.fetchTopicOffsets(dlqTopicOf(h.topic))).reduce((s, p) => s + Number(p.high), 0);
    expect(await dlqHigh()).toBe(0);
    expect(BigInt(await committed(group, 1))).toBeLessThanOrEqual(BigInt(meta.baseOffset!));
    expect((await h.effects()).some((e) => e.event_id === after.id)).toBe(false);
    await dlqProducer.connect();
    h.onTearDown(() => dlqProducer.disconnect());
    await waitFor(async () => (await h.effects()).some((e) => e.event_id === after.id), {
      description: 'the event after the dead letter',
    });
    expect(await dlqHigh()).toBe(1);
    await waitFor(async () => BigInt(await committed(group, 1)) === BigInt(meta.baseOffset!) + 2n, {
      description: 'offsets past both',
    });
    expect(await blocked(group)).toBe(false);
    await consumer.stop();
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, KafkaMessage, logLevel, Partitioners } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  dlqTopicOf,
  EventTypes,
  newEvent,
  platformCatalog,
  PlatformServices,
  prefixedTopic,
  Topics,
} from '@qn/contracts';
import { connectAndMigrate, createServiceDataSource } from '@qn/persistence';
import {
  createTestDatabase,
  deleteTopicsWithPrefix,
  grantKafkaAccess,
  kafkaBrokers,
  kafkaCredentialsDir,
  REPO_ROOT,
  TestDatabase,
  testId,
  testKafka,
  testOutsidePrincipals,
  TestPrincipals,
  waitFor,
} from '@qn/testing';
import { ConsumedEvent, ensureTopics, EventConsumer, messagingMigrations } from '../src';

/**
 * The broker the tests run against authenticates every client (SASL/SCRAM) and authorises it
 * by the ACLs derived from libs/contracts; consumers refuse an event whose source may not
 * publish its type.
 */
describe('Kafka authentication, ACLs and source rules', () => {
  const prefix = `t${testId()}.`;
  const orgUnits = prefixedTopic(prefix, Topics.registryOrgUnits);
  const intake = prefixedTopic(prefix, Topics.enrollmentApplicationIntake);
  const paymentsTopic = prefixedTopic(prefix, Topics.paymentsPayments);
  let db: TestDatabase;
  let ds: DataSource;
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    await grantKafkaAccess(prefix);
    const admin = testKafka('security-setup').admin();
    await admin.connect();
    await ensureTopics(admin, platformCatalog, prefix);
    await admin.disconnect();
    db = await createTestDatabase('kafka_security');
    ds = createServiceDataSource({
      url: db.url,
      schema: 'enrollment',
      entities: [],
      migrations: messagingMigrations,
      poolSize: 4,
    });
    await connectAndMigrate(ds);
  });
  afterAll(async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    await ds?.destroy().catch(() => undefined);
    await db?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  /** Sends one message as `principal`: 'ok', 'refused' (not authorised) or the error. */
  async function sendAs(principal: string, topic: string, value: string): Promise<string> {
    const producer = testKafka(`security-${principal}`, principal, {
      retry: { retries: 0 },
    }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] });
      return 'ok';
    } catch (err) {
      const e = err as Error & { type?: string };
      return /authori[sz]ation failed/i.test(`${e.type} ${e.message}`) ? 'refused' : e.message;
    } finally {
      await producer.disconnect();
    }
  }

  it('runs with authentication on: the broker refuses a client without credentials or with a wrong password', async () => {
    expect(kafkaCredentialsDir()).toBeDefined();
    const attempt = async (sasl?: { username: string; password: string }) => {
      const admin = new Kafka({
        clientId: 'security-stranger',
        brokers: kafkaBrokers(),
        logLevel: logLevel.NOTHING,
        connectionTimeout: 3000,
        retry: { retries: 0 },
        ...(sasl ? { sasl: { mechanism: 'scram-sha-512' as const, ...sasl } } : {}),
      }).admin();
      try {
        await admin.connect();
        await admin.listTopics();
        return 'connected';
      } catch (err) {
        return (err as Error).name;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    };
    expect(await attempt()).not.toBe('connected');
    expect(await attempt({ username: 'registry', password: 'not-the-password' })).toBe(
      'KafkaJSSASLAuthenticationError',
    );
  });

  it('lets an outside portal write only its intake topic', async () => {
    expect(await sendAs(TestPrincipals.portal, intake, '{}')).toBe('ok');
    expect(await sendAs(TestPrincipals.portal, orgUnits, '{}')).toBe('refused');
    expect(await sendAs(TestPrincipals.portal, dlqTopicOf(intake), '{}')).toBe('refused');
    // Nor may it read what other portals sent (applicants' personal identification numbers).
    const consumer = testKafka('security-portal-reader', TestPrincipals.portal, {
      retry: { retries: 0 },
    }).consumer({ groupId: `${prefix}enrollment.portal-peek` });
    await consumer.connect();
    try {
      const crashed = new Promise<Error>((resolve) =>
        consumer.on(consumer.events.CRASH, (e) => resolve(e.payload.error)),
      );
      await consumer.subscribe({ topic: intake, fromBeginning: true });
      await consumer.run({ eachMessage: async () => undefined }).catch(() => undefined);
      // It has no consumer group it may use, so it never gets to fetch.
      expect((await crashed).message).toMatch(/group coordinator|authori[sz]ation/i);
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
  });

  it('lets a service write its own topics and no other', async () => {
    expect(await sendAs(PlatformServices.registry, orgUnits, '{}')).toBe('ok');
    expect(await sendAs(PlatformServices.registry, paymentsTopic, '{}')).toBe('refused');
    expect(await sendAs(PlatformServices.payments, paymentsTopic, '{}')).toBe('ok');
    expect(await sendAs(PlatformServices.kpiAggregator, paymentsTopic, '{}')).toBe('refused');
  });

  it('dead-letters an event whose source may not publish its type (a forged source)', async () => {
    const unit = {
      id: '01935d3a-6f0e-7b3c-9a1d-2f4e5a6b7c8d',
      code: 'QN-S-THPT-0001',
      kind: 'school',
      name: 'Trường THPT Hòn Gai',
      parentId: null,
      validFrom: '2000-09-05',
      validTo: null,
      successorIds: [],
      versions: [
        { validFrom: '2000-09-05', validTo: null, parentId: null, name: 'Trường THPT Hòn Gai' },
      ],
      school: { levels: ['upper-secondary'], segment: 'urban', ownership: 'public' },
      revision: 1,
    };
    const forged = newEvent({
      ...EventTypes.orgUnitChanged,
      source: TestPrincipals.portal,
      subjectId: unit.id,
      data: unit,
    });
    const genuine = newEvent({
      ...EventTypes.orgUnitChanged,
      source: PlatformServices.registry,
      subjectId: unit.id,
      data: { ...unit, revision: 2 },
    });
    expect(platformCatalog.validate(forged).ok).toBe(true);
    // Were a principal other than registry ever allowed on the topic, the source still decides.
    const admin = testKafka('security-admin').producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await admin.connect();
    await admin.send({
      topic: orgUnits,
      messages: [
        { key: unit.id, value: JSON.stringify(forged) },
        { key: unit.id, value: JSON.stringify(genuine) },
      ],
    });
    await admin.disconnect();

    // A consumer of the enrollment service, connected as its principal.
    const kafka = testKafka('security-enrollment', PlatformServices.enrollment);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    closers.push(() => producer.disconnect());
    const applied: ConsumedEvent[] = [];
    const consumer = new EventConsumer({
      kafka,
      producer,
      dataSource: ds,
      catalog: platformCatalog,
      groupId: `${prefix}enrollment.org-directory`,
      topics: [orgUnits],
      handler: async (events) => void applied.push(...events),
    });
    await consumer.start();
    closers.push(() => consumer.stop());
    await waitFor(() => applied.some((e) => e.event.id === genuine.id), {
      description: 'the genuine event',
    });
    expect(applied.map((e) => e.event.id)).not.toContain(forged.id);

    const dlq: KafkaMessage[] = [];
    const reader = testKafka('security-dlq').consumer({ groupId: `${prefix}dlq-${testId()}` });
    await reader.connect();
    closers.push(() => reader.disconnect());
    await reader.subscribe({ topic: dlqTopicOf(orgUnits), fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void dlq.push(message) });
    const letter = await waitFor(() => dlq.find((m) => m.value?.toString().includes(forged.id)), {
      description: 'the dead letter',
    });
    const headers = letter.headers ?? {};
    expect(headers['x-dlq-reason-kind']?.toString()).toBe('forbidden-source');
    expect(headers['x-dlq-reason']?.toString()).toBe(
      `forbidden-source: registry.org-unit.changed v1 may not come from source '${TestPrincipals.portal}' (allowed: 'registry')`,
    );
  });

  it('has a password for every principal the ACLs name (local broker script in step with libs/contracts)', () => {
    const script = readFileSync(join(REPO_ROOT, 'deploy/kafka/local-kafka.sh'), 'utf8');
    const listed = /^PRINCIPALS="([^"]*)"/m.exec(script)![1].split(/\s+/).sort();
    expect(listed).toEqual(
      [
        TestPrincipals.admin,
        ...Object.values(PlatformServices),
        ...Object.keys(testOutsidePrincipals),
      ].sort(),
    );
    const dir = kafkaCredentialsDir()!;
    for (const p of listed)
      expect(readFileSync(join(dir, p), 'utf8').trim()).toMatch(/^[0-9a-f]{48}$/);
  });
});

import { Consumer, KafkaMessage, Producer } from 'kafkajs';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventEnvelope,
  EventTypes,
  newTypedEvent,
  platformCatalog,
  type GraduationEligibilityAssessedV1,
} from '@qn/contracts';
import { callApi, PlatformEnv, ServiceProcess, testKafka, testPort, waitFor } from '@qn/testing';

export const SCHOOL_YEAR = '2025-2026';

/**
 * The credentials service as its own process on a test database and topic prefix, signing with
 * keys generated into a folder of its own. The registry, enrollment and records are played by
 * Kafka producers with their own principals, publishing the contracts' envelopes where the
 * catalogue routes them.
 */
export class CredentialsWorld {
  readonly env = new PlatformEnv();
  readonly url: string;
  readonly publicUrl = 'https://vanbang.quangninh.example';
  service!: ServiceProcess;
  db!: Client;
  keysDir = '';
  private readonly port = testPort();
  private readonly producers = new Map<string, Producer>();
  private readonly watchers: Consumer[] = [];

  constructor() {
    this.url = `http://127.0.0.1:${this.port}`;
  }

  async start(env: Record<string, string> = {}): Promise<void> {
    await this.env.setUp();
    this.keysDir = mkdtempSync(join(tmpdir(), 'qn-credentials-keys-'));
    this.service = new ServiceProcess('credentials', {
      ...this.env.envFor('credentials', this.port),
      CREDENTIALS_PUBLIC_URL: this.publicUrl,
      CREDENTIALS_SIGNER: 'local-keys',
      CREDENTIALS_KEYS_DIR: this.keysDir,
      CREDENTIALS_KEYS_GENERATE: 'true',
      ...env,
    }).start();
    await this.service.ready(this.url);
    this.db = new Client({ connectionString: this.env.db.url });
    await this.db.connect();
    await this.db.query(`SET search_path TO credentials`);
  }

  async stop(): Promise<void> {
    for (const w of this.watchers) await w.disconnect().catch(() => undefined);
    for (const p of this.producers.values()) await p.disconnect().catch(() => undefined);
    await this.db?.end().catch(() => undefined);
    await this.service?.stop();
    await this.env.tearDown();
    if (this.keysDir) rmSync(this.keysDir, { recursive: true, force: true });
  }

  private async producer(principal: string): Promise<Producer> {
    let p = this.producers.get(principal);
    if (!p) {
      p = testKafka(`credentials-test-${principal}`, principal).producer();
      await p.connect();
      this.producers.set(principal, p);
    }
    return p;
  }

  /** Publishes events as their owner would: validated, to the catalogue's topic and key, in order. */
  async publish(events: EventEnvelope[]): Promise<void> {
    for (const e of events) {
      platformCatalog.assertValid(e);
      const { topic, key } = platformCatalog.route(e);
      await (
        await this.producer(e.source)
      ).send({
        topic: `${this.env.prefix}${topic}`,
        messages: [{ key, value: JSON.stringify(e) }],
      });
    }
  }

  /** Every event the service publishes on a topic from now on. */
  async watch(topic: string): Promise<EventEnvelope[]> {
    const seen: EventEnvelope[] = [];
    const consumer = testKafka('credentials-test-watch').consumer({
      groupId: `${this.env.prefix}watch-${randomUUID()}`,
    });
    this.watchers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: `${this.env.prefix}${topic}`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(JSON.parse(message.value?.toString() ?? '{}') as EventEnvelope);
      },
    });
    return seen;
  }

  /** Everything published on a topic (from its beginning) with its key, collected as it comes. */
  async read(topic: string): Promise<Array<{ key: string; event: EventEnvelope }>> {
    const seen: Array<{ key: string; event: EventEnvelope }> = [];
    const consumer = testKafka('credentials-test-reader').consumer({
      groupId: `${this.env.prefix}reader-${randomUUID()}`,
    });
    this.watchers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: `${this.env.prefix}${topic}`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }: { message: KafkaMessage }) =>
        void seen.push({
          key: message.key?.toString() ?? '',
          event: JSON.parse(message.value!.toString()) as EventEnvelope,
        }),
    });
    return seen;
  }

  identity(studentId: string, schoolId: string, fullName: string, dateOfBirth = '2011-04-09') {
    return newTypedEvent(EventTypes.learnerIdentityRecorded, {
      source: 'enrollment',
      subjectId: studentId,
      orgUnitId: schoolId,
      data: {
        studentId,
        fullName,
        dateOfBirth,
        gender: 'female',
        ethnicity: 'Kinh',
        personalIdLast4: '7788',
        recordedAt: '2025-08-01T02:00:00.000Z',
      },
    });
  }

  eligibility(
    d: Pick<GraduationEligibilityAssessedV1, 'studentId' | 'schoolId' | 'level' | 'outcome'> &
      Partial<GraduationEligibilityAssessedV1>,
  ) {
    return newTypedEvent(EventTypes.graduationEligibilityAssessed, {
      source: 'records',
      subjectId: d.studentId,
      orgUnitId: d.schoolId,
      data: {
        schoolYear: SCHOOL_YEAR,
        reason: null,
        recordId: `${d.schoolId}/${d.studentId}/${SCHOOL_YEAR}`,
        recordVersion: 1,
        recordHash: 'ab'.repeat(32),
        assessedAt: '2026-05-31T10:00:00.000Z',
        ...d,
      },
    });
  }

  async rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[];
  }

  until<T = Record<string, unknown>>(
    sql: string,
    params: unknown[],
    ok: (rows: T[]) => boolean,
    description = sql,
  ): Promise<T[]> {
    return waitFor(
      async () => {
        const rows = await this.rows<T>(sql, params);
        return ok(rows) ? rows : undefined;
      },
      { timeoutMs: 30000, description },
    );
  }

  /** Waits until the service has applied each event. */
  async processed(events: EventEnvelope[]): Promise<void> {
    const ids = events.map((e) => e.id);
    await this.until(
      `SELECT event_id FROM processed_event WHERE event_id = ANY($1::uuid[])`,
      [ids],
      (rows) => rows.length === ids.length,
      `${ids.length} events processed`,
    );
  }

  call(method: string, path: string, token: string, body?: unknown) {
    return callApi(this.url, method, path, token, body);
  }

  async ok(method: string, path: string, token: string, body?: unknown) {
    const r = await this.call(method, path, token, body);
    if (r.status >= 300)
      throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  }
}

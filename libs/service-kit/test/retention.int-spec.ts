import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig, serviceConfigSchema } from '@qn/config';
import { messagingMigrations } from '@qn/messaging';
import { connectAndMigrate, createServiceDataSource, deleteExpiredRows } from '@qn/persistence';
import { createTestDatabase, kafkaBrokers, redisUrl, TestDatabase } from '@qn/testing';
import { IdempotencyTable1732300000300, RetentionTask } from '../src';

describe('retention of bookkeeping rows (PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('retention');
    ds = createServiceDataSource({
      url: db.url,
      schema: 'svc',
      entities: [],
      migrations: [...messagingMigrations, IdempotencyTable1732300000300],
    });
    await connectAndMigrate(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const processed = (ageDays: number) =>
    ds.query(
      `INSERT INTO processed_event (consumer_group, event_id, topic, partition, "offset", processed_at)
       VALUES ('g', $1, 't', 0, 0, now() - make_interval(days => $2))`,
      [randomUUID(), ageDays],
    );
  const idempotency = (ageHours: number) =>
    ds.query(
      `INSERT INTO idempotency_record (key_hash, fingerprint, status, body, created_at)
       VALUES ($1, 'f', 201, '{}', now() - make_interval(hours => $2))`,
      [randomUUID(), ageHours],
    );
  const count = async (table: string) =>
    ((await ds.query(`SELECT count(*)::int AS n FROM ${table}`)) as [{ n: number }])[0].n;

  it('deletes only the rows past their retention, in batches', async () => {
    for (let i = 0; i < 7; i++) await processed(40);
    for (let i = 0; i < 3; i++) await processed(1);
    const deleted = await deleteExpiredRows(
      ds,
      { table: 'processed_event', column: 'processed_at', olderThanSeconds: 30 * 86_400 },
      2, // 4 batches: 2 + 2 + 2 + 1
    );
    expect(deleted).toBe(7);
    expect(await count('processed_event')).toBe(3);
    await expect(
      deleteExpiredRows(ds, { table: 'x; DROP TABLE y', column: 'c', olderThanSeconds: 1 }),
    ).rejects.toThrow(/plain identifiers/);
  });

  it("the service kit's task prunes processed events and expired idempotency records", async () => {
    await ds.query(`TRUNCATE processed_event, idempotency_record`);
    await processed(31);
    await processed(29);
    await idempotency(25); // the replay window is 24 h
    await idempotency(23);
    const config = loadConfig(serviceConfigSchema, {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      REDIS_URL: redisUrl(),
      PROCESSED_EVENT_RETENTION_DAYS: '30',
    });
    const task = new RetentionTask(ds, config);
    await task.runOnce();
    expect(await count('processed_event')).toBe(1);
    expect(await count('idempotency_record')).toBe(1);
    // Nothing left to delete: a second pass changes nothing.
    await task.runOnce();
    expect(await count('processed_event')).toBe(1);
  });
});

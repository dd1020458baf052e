import { Body, Controller, INestApplication, Logger, Module, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import Redis from 'ioredis';
import { platformCatalog } from '@qn/contracts';
import { loadConfig, serviceConfigSchema } from '@qn/config';
import { Policy, Reach, signDemoToken } from '@qn/auth';

/** Anyone signed in may charge in these test routes: the policy is not what is under test. */
const ANYONE = Policy({
  action: 'create',
  resource: 'charge',
  users: { province: Reach.All, 'school-staff': Reach.All, family: Reach.All },
  clients: { 'charges:create': Reach.All },
});
import {
  createTestDatabase,
  deleteTopicsWithPrefix,
  kafkaBrokers,
  kafkaClientEnv,
  TestPrincipals,
  redisUrl,
  TestDatabase,
  testId,
} from '@qn/testing';
import {
  configureHttp,
  HTTP_APP_OPTIONS,
  Idempotent,
  idempotentTransaction,
  ProblemException,
  recordIdempotentResponse,
  REDIS,
  ServiceKitModule,
} from '../src';

class ChargeDto {
  @IsInt() @Min(1) amount: number;
}

class TransactionalChargeDto extends ChargeDto {
  /** Fail after recording the response: the transaction, record included, rolls back. */
  @IsOptional() @IsBoolean() failAfterRecording?: boolean;
}

class ChargeTable1732300009999 implements MigrationInterface {
  name = 'ChargeTable1732300009999';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE charge (id serial PRIMARY KEY, amount bigint NOT NULL)`);
    await q.query(
      `CREATE TABLE unique_charge (id serial PRIMARY KEY, ref text NOT NULL UNIQUE, amount bigint NOT NULL)`,
    );
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE unique_charge`);
    await q.query(`DROP TABLE charge`);
  }
}

@Controller('charges')
@ANYONE
class ChargesController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** A write with an effect that must not happen twice, its answer recorded with it. */
  @Post()
  @Idempotent()
  charge(@Body() dto: ChargeDto) {
    return idempotentTransaction(this.ds, async (tx) => {
      const [row] = await tx.query(`INSERT INTO charge (amount) VALUES ($1) RETURNING id`, [
        dto.amount,
      ]);
      // Long enough for concurrent retries to overlap the open transaction.
      await new Promise((r) => setTimeout(r, 150));
      return { chargeId: row.id, amount: dto.amount };
    });
  }
}

/** A route whose use case forgets to record its answer (a defect the interceptor reports). */
@Controller('forgetful-charges')
@ANYONE
class ForgetfulChargesController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Post()
  @Idempotent()
  async charge(@Body() dto: ChargeDto) {
    const [row] = await this.ds.query(`INSERT INTO charge (amount) VALUES ($1) RETURNING id`, [
      dto.amount,
    ]);
    return { chargeId: row.id, amount: dto.amount };
  }
}

/** chargeId → whether the record was in the business transaction before it committed. */
const recordedInTransaction = new Map<number, boolean>();

@Controller('transactional-charges')
@ANYONE
class TransactionalChargesController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Records its response in its own transaction, as the services' use cases do. */
  @Post()
  @Idempotent()
  charge(@Body() dto: TransactionalChargeDto) {
    return this.ds.transaction(async (tx) => {
      const [row] = await tx.query(`INSERT INTO charge (amount) VALUES ($1) RETURNING id`, [
        dto.amount,
      ]);
      const body = { chargeId: row.id, amount: dto.amount };
      await recordIdempotentResponse(tx, body);
      const [seen] = await tx.query(
        `SELECT count(*)::int AS n FROM idempotency_record WHERE (body->>'chargeId')::int = $1`,
        [row.id],
      );
      recordedInTransaction.set(row.id, seen.n === 1);
      if (dto.failAfterRecording)
        throw new ProblemException(409, 'charge-refused', 'Charge refused', 'asked to fail');
      return body;
    });
  }
}

class UniqueChargeDto extends ChargeDto {
  @IsString() @Length(1, 40) ref: string;
}

@Controller('unique-charges')
@ANYONE
class UniqueChargesController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Like an application submission: one effect per `ref` (a unique index), the response
   * recorded in the effect's transaction, PostgreSQL not read before the handler.
   */
  @Post()
  @Idempotent({ required: true })
  charge(@Body() dto: UniqueChargeDto) {
    return this.ds.transaction(async (tx) => {
      let row: { id: number };
      try {
        [row] = await tx.query(
          `INSERT INTO unique_charge (ref, amount) VALUES ($1, $2) RETURNING id`,
          [dto.ref, dto.amount],
        );
      } catch (err) {
        if ((err as { code?: string }).code !== '23505') throw err;
        throw new ProblemException(409, 'duplicate-charge', 'Already charged', `ref ${dto.ref}`);
      }
      const body = { chargeId: row.id, ref: dto.ref };
      await recordIdempotentResponse(tx, body);
      return body;
    });
  }
}

describe('Idempotency-Key on write APIs (real Redis and PostgreSQL)', () => {
  const id = testId();
  const secret = randomBytes(32).toString('hex');
  let db: TestDatabase;
  let app: INestApplication;
  let token: string;
  let redis: Redis;

  beforeAll(async () => {
    db = await createTestDatabase('idem');
    const config = loadConfig(serviceConfigSchema, {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      // Not a platform service: the admin principal stands in for one.
      ...kafkaClientEnv(TestPrincipals.admin),
      REDIS_URL: redisUrl(),
      TOPIC_PREFIX: `t${id}.`,
      AUTH_HMAC_SECRET: secret,
      LOG_LEVEL: 'silent',
    });
    @Module({
      imports: [
        ServiceKitModule.forRoot({
          service: `idem-${id}`,
          config,
          catalog: platformCatalog,
          entities: [],
          migrations: [ChargeTable1732300009999],
        }),
      ],
      controllers: [
        ChargesController,
        ForgetfulChargesController,
        TransactionalChargesController,
        UniqueChargesController,
      ],
    })
    class TestApp {}
    const moduleRef = await Test.createTestingModule({ imports: [TestApp] }).compile();
    app = moduleRef.createNestApplication(HTTP_APP_OPTIONS);
    configureHttp(app, { title: 't', description: 't' });
    await app.init();
    token = await signDemoToken(secret, {
      sub: 'finance-system',
      roles: ['integration-client'],
      scopes: ['charges:create'],
      issuer: 'qn-edu-local',
      audience: 'qn-edu-platform',
    });
    redis = new Redis(redisUrl());
  });

  afterAll(async () => {
    await app?.close();
    await redis?.quit();
    await db?.drop();
    await deleteTopicsWithPrefix(`t${id}.`);
  });

  const charge = (key: string | undefined, body: unknown) => {
    const r = request(app.getHttpServer()).post('/charges').set('authorization', `Bearer ${token}`);
    if (key !== undefined) r.set('Idempotency-Key', key);
    return r.send(body as object);
  };
  const charges = async () =>
    (await app.get(DataSource).query(`SELECT count(*)::int AS n FROM charge`))[0].n as number;

  it('replays the first response for a retry with the same key and body', async () => {
    const key = randomUUID();
    const first = await charge(key, { amount: 150000 });
    expect(first.status).toBe(201);
    const again = await charge(key, { amount: 150000 });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await charges()).toBe(1);
  });

  it('applies one of many concurrent requests with the same key; the others wait and replay its answer', async () => {
    const before = await charges();
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => charge(key, { amount: 5 })));
    expect(await charges()).toBe(before + 1);
    // No "in progress" answers: the record's primary key queues them behind the first.
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    for (const r of results) expect(r.body).toEqual(results[0]!.body);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
  });

  it('answers and applies once while every Redis call fails (Redis only shortcuts)', async () => {
    const client = app.get<Redis>(REDIS);
    const failing = () => Promise.reject(new Error('Connection is closed.'));
    const spies = [
      jest.spyOn(client, 'get').mockImplementation(failing as never),
      jest.spyOn(client, 'set').mockImplementation(failing as never),
    ];
    try {
      const before = await charges();
      const key = randomUUID();
      const first = await charge(key, { amount: 9 });
      expect(first.status).toBe(201);
      const again = await charge(key, { amount: 9 });
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await charges()).toBe(before + 1);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });

  it('records late, and says so, for a route whose use case did not record its answer', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const key = randomUUID();
      const post = () =>
        request(app.getHttpServer())
          .post('/forgetful-charges')
          .set('authorization', `Bearer ${token}`)
          .set('Idempotency-Key', key)
          .send({ amount: 3 });
      const first = await post();
      expect(first.status).toBe(201);
      expect(errors.mock.calls.map(([m]) => String(m)).join()).toMatch(
        /forgetful-charges is @Idempotent but did not record its response/,
      );
      const again = await post();
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    } finally {
      errors.mockRestore();
    }
  });

  it('refuses the same key with a different body, a missing key and a malformed key', async () => {
    const key = randomUUID();
    await charge(key, { amount: 1 });
    const reused = await charge(key, { amount: 2 });
    expect(reused.status).toBe(422);
    expect(reused.body.type).toMatch(/idempotency-key-reused$/);
    const missing = await charge(undefined, { amount: 1 });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'Idempotency-Key', message: 'is required' }]);
    expect((await charge('bad key with spaces', { amount: 1 })).status).toBe(400);
  });

  it('does not store a failed request, so a corrected retry with the same key runs', async () => {
    const key = randomUUID();
    const invalid = await charge(key, { amount: -1 });
    expect(invalid.status).toBe(400);
    const before = await charges();
    const corrected = await charge(key, { amount: 3 });
    expect(corrected.status).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    expect(await charges()).toBe(before + 1);
  });

  it('replays from PostgreSQL when Redis lost the record', async () => {
    const key = randomUUID();
    const first = await charge(key, { amount: 777 });
    const count = await charges();
    const keys = await redis.keys(`idem:t${id}.idem-${id}:*`);
    await redis.del(...keys);
    const again = await charge(key, { amount: 777 });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await charges()).toBe(count);
  });

  describe('response recorded in the business transaction', () => {
    const post = (key: string, body: object) =>
      request(app.getHttpServer())
        .post('/transactional-charges')
        .set('authorization', `Bearer ${token}`)
        .set('Idempotency-Key', key)
        .send(body);
    const records = async () =>
      (await app.get(DataSource).query(`SELECT count(*)::int AS n FROM idempotency_record`))[0]
        .n as number;

    it('commits one record with the effect and replays it, from Redis and from PostgreSQL', async () => {
      const key = randomUUID();
      const [effectsBefore, recordsBefore] = [await charges(), await records()];
      const first = await post(key, { amount: 4200 });
      expect(first.status).toBe(201);
      expect(recordedInTransaction.get(first.body.chargeId)).toBe(true);
      expect(await charges()).toBe(effectsBefore + 1);
      expect(await records()).toBe(recordsBefore + 1); // not a second one from the interceptor
      const fromRedis = await post(key, { amount: 4200 });
      expect(fromRedis.headers['idempotent-replayed']).toBe('true');
      expect(fromRedis.body).toEqual(first.body);
      await redis.del(...(await redis.keys(`idem:t${id}.idem-${id}:*`)));
      const fromPostgres = await post(key, { amount: 4200 });
      expect(fromPostgres.status).toBe(201);
      expect(fromPostgres.body).toEqual(first.body);
      expect(await charges()).toBe(effectsBefore + 1);
    });

    it('rolls the record back with the effect when the use case fails, so a retry runs', async () => {
      const key = randomUUID();
      const [effectsBefore, recordsBefore] = [await charges(), await records()];
      const failed = await post(key, { amount: 10, failAfterRecording: true });
      expect(failed.status).toBe(409);
      expect(await records()).toBe(recordsBefore);
      expect(await charges()).toBe(effectsBefore);
      const retried = await post(key, { amount: 10, failAfterRecording: false });
      expect(retried.status).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      expect(await charges()).toBe(effectsBefore + 1);
    });

    it('is a no-op outside a request with an Idempotency-Key', async () => {
      const before = await records();
      await app
        .get(DataSource)
        .transaction((tx) => recordIdempotentResponse(tx, { anything: true }));
      expect(await records()).toBe(before);
    });
  });
  describe('PostgreSQL checked by the record itself, not read before the handler', () => {
    const post = (key: string, body: object) =>
      request(app.getHttpServer())
        .post('/unique-charges')
        .set('authorization', `Bearer ${token}`)
        .set('Idempotency-Key', key)
        .send(body);
    const ds = () => app.get(DataSource);
    const effects = async () =>
      (await ds().query(`SELECT count(*)::int AS n FROM unique_charge`))[0].n as number;
    const forgetRedis = async () => redis.del(...(await redis.keys(`idem:t${id}.idem-${id}:*`)));

    it('answers a first request without reading idempotency_record before the handler', async () => {
      const spy = jest.spyOn(ds(), 'query');
      try {
        const first = await post(randomUUID(), { ref: `r-${randomUUID()}`, amount: 1 });
        expect(first.status).toBe(201);
        const reads = spy.mock.calls.filter(([sql]) =>
          /SELECT[^]*FROM idempotency_record/.test(sql),
        );
        expect(reads).toHaveLength(0);
      } finally {
        spy.mockRestore();
      }
    });

    it('replays after Redis lost the record when the effect refuses the repeat (unique index)', async () => {
      const key = randomUUID();
      const body = { ref: `r-${randomUUID()}`, amount: 50000 };
      const first = await post(key, body);
      expect(first.status).toBe(201);
      const before = await effects();
      await forgetRedis();
      const again = await post(key, body);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await effects()).toBe(before);
      // Redis has it again: the next retry is answered from there.
      const third = await post(key, body);
      expect(third.body).toEqual(first.body);
    });

    it('replays after Redis lost the record when the repeat would succeed: its transaction rolls back', async () => {
      const key = randomUUID();
      const first = await post(key, { ref: `r-${randomUUID()}`, amount: 1 });
      await forgetRedis();
      // Same key and body, but the effect itself would not refuse: the record's insert must.
      await ds().query(`DELETE FROM unique_charge WHERE id = $1`, [first.body.chargeId]);
      const before = await effects();
      const again = await post(key, { ref: first.body.ref, amount: 1 });
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await effects()).toBe(before);
    });

    it('refuses the key with another body after Redis lost it (422), with no effect', async () => {
      const key = randomUUID();
      const ref = `r-${randomUUID()}`;
      await post(key, { ref, amount: 1 });
      await forgetRedis();
      const before = await effects();
      const other = await post(key, { ref, amount: 2 });
      expect(other.status).toBe(422);
      expect(other.body.type).toMatch(/idempotency-key-reused$/);
      expect(await effects()).toBe(before);
    });

    it('passes a failure through and releases the key when nothing was recorded', async () => {
      const ref = `r-${randomUUID()}`;
      expect((await post(randomUUID(), { ref, amount: 1 })).status).toBe(201);
      const key = randomUUID();
      const dup = await post(key, { ref, amount: 1 });
      expect(dup.status).toBe(409);
      expect(dup.body.type).toMatch(/duplicate-charge$/);
      const corrected = await post(key, { ref: `r-${randomUUID()}`, amount: 1 });
      expect(corrected.status).toBe(201);
      expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    });

    it('runs a key again once its record is past the replay window, and replaces the record', async () => {
      const key = randomUUID();
      const first = await post(key, { ref: `r-${randomUUID()}`, amount: 1 });
      await forgetRedis();
      await ds().query(
        `UPDATE idempotency_record SET created_at = now() - interval '25 hours' WHERE body->>'chargeId' = $1`,
        [String(first.body.chargeId)],
      );
      const later = await post(key, { ref: `r-${randomUUID()}`, amount: 1 });
      expect(later.status).toBe(201);
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      expect(later.body.chargeId).not.toBe(first.body.chargeId);
      await forgetRedis();
      const replayed = await post(key, { ref: later.body.ref, amount: 1 });
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      expect(replayed.body).toEqual(later.body);
    });
  });
});

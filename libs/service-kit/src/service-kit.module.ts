import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource, EntitySchema, MixedList } from 'typeorm';
import { EventCatalog, OutsideSources } from '@qn/contracts';
import { kafkaClientSecurity, ServiceConfig } from '@qn/config';
import { connectAndMigrate, createServiceDataSource } from '@qn/persistence';
import { MessagingModule, MessagingService, messagingMigrations } from '@qn/messaging';
import { loggingModule, OpsModule } from '@qn/observability';
import { AuthModule } from '@qn/auth';

import { REDIS, SERVICE_CONFIG } from './tokens';
import { createRedisClient } from './redis';
import { RetentionTask } from './retention';
import { IdempotencyInterceptor, IdempotencyTable1732300000300 } from './idempotency';
import {
  AccessLogController,
  AccessLogInterceptor,
  AccessLogTable1732300000400,
} from './access-log';
import { APP_INTERCEPTOR } from '@nestjs/core';

export interface ServiceKitOptions {
  /** Service name: logs, metrics, Kafka client id, default schema. */
  service: string;
  config: ServiceConfig & { MIGRATE_ON_START?: boolean };
  catalog: EventCatalog;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  /** `source` names the service trusts per outside role (its consumers' source check). */
  outsideSources?: OutsideSources;
}

/** The service's data source: its own schema, the messaging tables plus its migrations. */
export function buildServiceDataSource(
  o: Pick<ServiceKitOptions, 'service' | 'config' | 'entities' | 'migrations'>,
): DataSource {
  return createServiceDataSource({
    url: o.config.DATABASE_URL,
    schema: schemaOf(o),
    entities: o.entities,
    migrations: [
      ...messagingMigrations,
      IdempotencyTable1732300000300,
      AccessLogTable1732300000400,
      ...o.migrations,
    ],
    poolSize: o.config.DB_POOL_SIZE,
    preparedStatements: o.config.DB_PREPARED_STATEMENTS,
    applicationName: o.service,
  });
}

const schemaOf = (o: Pick<ServiceKitOptions, 'service' | 'config'>) =>
  o.config.DB_SCHEMA ?? o.service.replace(/-/g, '_');

/**
 * PostgreSQL answers and every migration of the data source is applied (checked until they
 * are, e.g. while a migration job runs with MIGRATE_ON_START=false; then only `SELECT 1`).
 */
function databaseReady(ds: DataSource): () => Promise<void> {
  let migrated = false;
  return async () => {
    if (migrated) {
      await ds.query('SELECT 1');
      return;
    }
    const rows: Array<{ name: string }> = await ds.query(`SELECT name FROM migrations`);
    const applied = new Set(rows.map((r) => r.name));
    const pending = ds.migrations.filter((m) => m.name && !applied.has(m.name));
    if (pending.length > 0) throw new Error(`${pending.length} migrations not applied`);
    migrated = true;
  };
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown() {
    // QUIT needs an answering Redis; without one, stop reconnecting so the process can end.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * What every service has, wired once: validated configuration, JSON logs with trace ids,
 * PostgreSQL in the service's own schema (migrated at start), Redis, Kafka messaging with the
 * outbox and idempotent consumers, JWT auth, and /health/live, /health/ready, /metrics.
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(o: ServiceKitOptions): DynamicModule {
    const schema = schemaOf(o);
    return {
      module: ServiceKitModule,
      // Its config and Redis client are seen by every feature module of the service.
      global: true,
      imports: [
        loggingModule(o.service, o.config.LOG_LEVEL),
        TypeOrmModule.forRootAsync({
          // A few quick retries at start; then the service exits with one clear line (bootstrap).
          useFactory: () => ({ retryAttempts: 3, retryDelay: 1000 }) as TypeOrmModuleOptions,
          dataSourceFactory: async () => {
            const ds = buildServiceDataSource(o);
            await connectAndMigrate(ds, { runMigrations: o.config.MIGRATE_ON_START !== false });
            return ds;
          },
        }),
        MessagingModule.forRoot({
          kafka: {
            brokers: o.config.KAFKA_BROKERS.split(',').map((b) => b.trim()),
            clientId: o.config.KAFKA_CLIENT_ID ?? o.service,
            topicPrefix: o.config.TOPIC_PREFIX,
            ...kafkaClientSecurity(o.config),
          },
          catalog: o.catalog,
          service: o.service,
          outsideSources: o.outsideSources,
          schema,
          databaseUrl: o.config.DATABASE_URL,
        }),
        AuthModule.forRoot({
          issuer: o.config.AUTH_ISSUER,
          audience: o.config.AUTH_AUDIENCE,
          hmacSecret: o.config.AUTH_HMAC_SECRET,
          publicKeyPem: o.config.AUTH_PUBLIC_KEY_PEM,
          jwksUrl: o.config.AUTH_JWKS_URL,
          maxTokenLifetimeSeconds: o.config.AUTH_MAX_TOKEN_LIFETIME,
        }),
        OpsModule.forRoot(
          {
            inject: [DataSource, MessagingService, REDIS],
            // Ready = can accept and commit work: PostgreSQL answers with every migration
            // applied. Kafka and Redis down only degrade it: the outbox holds events until the
            // broker is back, and Redis is a cache the service goes on without.
            useFactory: (ds: DataSource, messaging: MessagingService, redis: Redis) => [
              { name: 'database', check: databaseReady(ds) },
              { name: 'kafka', critical: false, check: () => messaging.ping() },
              { name: 'redis', critical: false, check: async () => void (await redis.ping()) },
            ],
          },
          {
            public: o.config.METRICS_PUBLIC ?? false,
            ...(o.config.METRICS_TOKEN ? { staticToken: o.config.METRICS_TOKEN } : {}),
          },
        ),
      ],
      providers: [
        { provide: SERVICE_CONFIG, useValue: { ...o.config, service: o.service } },
        { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        {
          provide: REDIS,
          useFactory: () => createRedisClient(o.config, o.service),
        },
        RedisLifecycle,
        RetentionTask,
      ],
      controllers: [AccessLogController],
      exports: [REDIS, SERVICE_CONFIG],
    };
  }
}

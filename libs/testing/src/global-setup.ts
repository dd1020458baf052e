import { resolveInfrastructure } from './infrastructure';

/**
 * Jest global setup: resolves Kafka, PostgreSQL and Redis once per run and hands the endpoints
 * to the test workers through the environment (workers start after this and inherit it).
 */
export default async function globalSetup(): Promise<void> {
  const { endpoints, stop } = await resolveInfrastructure();
  process.env.KAFKA_BROKERS = endpoints.kafkaBrokers;
  process.env.TEST_ADMIN_DATABASE_URL = endpoints.databaseUrl;
  process.env.REDIS_URL = endpoints.redisUrl;
  process.env.QN_TEST_INFRA_SOURCE = endpoints.source;
  if (endpoints.kafkaCredentialsDir)
    process.env.KAFKA_CREDENTIALS_DIR = endpoints.kafkaCredentialsDir;
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  (globalThis as { __QN_STOP_INFRA__?: () => Promise<void> }).__QN_STOP_INFRA__ = stop;
}

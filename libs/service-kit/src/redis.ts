import { Logger } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { Counter, register } from 'prom-client';
import type { ServiceConfig } from '@qn/config';

/**
 * Options of the service's one Redis client: every command fails fast instead of waiting for a
 * Redis that does not answer.
 * - `commandTimeout`: a command written to a connection that went silent (Redis stalled, a
 *   peer that vanished without closing the socket) fails after REDIS_COMMAND_TIMEOUT_MS;
 *   without it the request behind it hangs for as long as the socket stays open.
 * - `enableOfflineQueue: false`: while not connected (Redis down, reconnecting, a connection
 *   that never became ready) a command fails at once instead of waiting in a queue for a
 *   reconnect that may never come. The first commands after start can fail before the
 *   connection is ready; every caller copes with a failure anyway.
 * - `maxRetriesPerRequest: 1`: a command whose connection closed under it is tried again on
 *   the next connection once, then fails (each try bounded by the command timeout).
 * - `connectTimeout`: a connection attempt to an address that does not answer gives up after
 *   REDIS_CONNECT_TIMEOUT_MS and the client tries again (backing off up to 2 s).
 */
export function redisOptions(
  config: Pick<ServiceConfig, 'REDIS_COMMAND_TIMEOUT_MS' | 'REDIS_CONNECT_TIMEOUT_MS'>,
  connectionName: string,
): RedisOptions {
  return {
    lazyConnect: false,
    commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: config.REDIS_CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    connectionName,
  };
}

/** The service's shared Redis client (the REDIS token). */
export function createRedisClient(
  config: Pick<
    ServiceConfig,
    'REDIS_URL' | 'REDIS_COMMAND_TIMEOUT_MS' | 'REDIS_CONNECT_TIMEOUT_MS'
  >,
  connectionName: string,
): Redis {
  const redis = new Redis(config.REDIS_URL, redisOptions(config, connectionName));
  // One line when Redis goes away and one when it is back, instead of ioredis printing every
  // failed reconnect; readiness and qn_redis_fallback_total tell the rest.
  const log = new Logger('Redis');
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.warn(`Redis unavailable (${err.message}); going on without it`);
  });
  redis.on('ready', () => {
    if (down) log.log('Redis available again');
    down = false;
  });
  return redis;
}

let fallbacks: Counter<'purpose'> | undefined;

/**
 * Counts a Redis operation its caller went on without (a cache read taken as a miss, a rate
 * limit not applied, …), by purpose. An operator sees Redis trouble here and in readiness
 * details even though no request failed.
 */
export function countRedisFallback(purpose: string): void {
  fallbacks ??=
    (register.getSingleMetric('qn_redis_fallback_total') as Counter<'purpose'> | undefined) ??
    new Counter({
      name: 'qn_redis_fallback_total',
      help: 'Redis operations that failed (error or timeout) and were passed over, by purpose',
      labelNames: ['purpose'],
    });
  fallbacks.inc({ purpose });
}

/**
 * The name of a service's Redis key: `<purpose>:<TOPIC_PREFIX><service>:<id>`, e.g.
 * `idem:qn-prod.enrollment:<hash>`. Deployments and test runs sharing one Redis are kept apart
 * by their TOPIC_PREFIX, as their topics are; the purpose comes first so one purpose's keys are
 * found (or deleted, after a database restore) with one pattern.
 */
export function redisKey(
  deployment: { TOPIC_PREFIX?: string; service?: string },
  purpose: string,
  id = '',
): string {
  return `${purpose}:${deployment.TOPIC_PREFIX ?? ''}${deployment.service ?? 'service'}:${id}`;
}

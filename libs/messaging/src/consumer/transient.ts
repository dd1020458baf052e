/**
 * Thrown (or used as a `cause`) by a handler for a failure of what it depends on, not of the
 * event: the consumer retries the chunk until it succeeds instead of dead-lettering it.
 */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/**
 * SQLSTATEs of faults of the database or the connection, never of the statement's data:
 * 08 connection exception, 53 insufficient resources (too many connections, out of memory,
 * disk full), 57P0x operator intervention (admin/crash shutdown, cannot connect now), 40001
 * serialization failure, 40P01 deadlock, and 28 invalid authorization (a login role disabled
 * or a password rotated while running: no event can cause it, and it is fixed by an operator,
 * not by dropping events).
 */
const TRANSIENT_SQLSTATE = /^(08...|53...|57P0.|40001|40P01|28000|28P01)$/;

/** Node socket errors: the peer is gone or unreachable for now. */
const TRANSIENT_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Messages of node-postgres (pg, pg-pool), ioredis and TypeORM for a lost or unavailable
 * connection; these errors carry no code.
 */
const TRANSIENT_MESSAGES = [
  /^Connection terminated/, // pg: "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect/, // pg-pool: acquire timeout
  /^Client has encountered a connection error and is not queryable/, // pg
  /^Query read timeout/, // pg
  /^Connection is closed/, // ioredis
  /^Command timed out/, // ioredis commandTimeout
  /^Stream isn't writeable/, // ioredis without offline queue
  /^Reached the max retries per request limit/, // ioredis MaxRetriesPerRequestError
];

/** Redis replies that mean "not now" (loading, busy script, failover), not "never". */
const TRANSIENT_REDIS_REPLY = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY)\b/;

const TRANSIENT_NAMES = new Set([
  'TransientError',
  'MaxRetriesPerRequestError', // ioredis
  'ClusterAllFailedError', // ioredis cluster
]);

/** One link of an error chain: could the same work succeed later unchanged? */
function isTransientLink(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: unknown; code?: unknown; message?: unknown; retriable?: unknown };
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (TRANSIENT_NAMES.has(name)) return true;
  // KafkaJS marks each error it may retry; "retries exceeded" wraps the last one as its cause.
  if (name.startsWith('KafkaJS') && e.retriable === true) return true;
  if (typeof e.code === 'string') {
    if (TRANSIENT_SQLSTATE.test(e.code)) return true;
    if (TRANSIENT_SOCKET_CODES.has(e.code)) return true;
  }
  if (name === 'ReplyError' && TRANSIENT_REDIS_REPLY.test(message)) return true;
  return TRANSIENT_MESSAGES.some((re) => re.test(message));
}

/**
 * True when an error is a passing fault of the infrastructure (database, Redis, Kafka, the
 * network) rather than something wrong with the event: retrying later may succeed, so the
 * event must not be dead-lettered. Follows the causes: TypeORM's `QueryFailedError` keeps
 * the pg error in `driverError`, `Error.cause` chains, `AggregateError.errors` (e.g. a
 * connection refused on both IPv4 and IPv6). An explicit rejection is never transient.
 */
export function isTransientError(err: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if ((e as { name?: unknown }).name === 'RejectedEventError') return false;
    if (isTransientLink(e)) return true;
    const links = e as { driverError?: unknown; cause?: unknown; errors?: unknown };
    queue.push(links.driverError, links.cause);
    if (Array.isArray(links.errors)) queue.push(...links.errors);
  }
  return false;
}

/** KafkaJS error types of a group member that no longer owns what it was reading. */
const LOST_MEMBERSHIP = new Set([
  'UNKNOWN_MEMBER_ID',
  'ILLEGAL_GENERATION',
  'REBALANCE_IN_PROGRESS',
  'FENCED_INSTANCE_ID',
]);

/**
 * True when a commit (or heartbeat) was refused because the group moved on without this member:
 * the coordinator dropped it (no heartbeat within the session timeout) or is rebalancing. What it
 * applied is done and will be delivered again to whoever owns the partition now (a no-op for the
 * idempotent consumer); the member must rejoin, not crash.
 */
export function isLostMembership(err: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && LOST_MEMBERSHIP.has(type)) return true;
    // KafkaJS wraps the protocol error: "The coordinator is not aware of this member".
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && /coordinator is not aware of this member/i.test(message))
      return true;
    queue.push((e as { cause?: unknown }).cause, (e as { originalError?: unknown }).originalError);
  }
  return false;
}

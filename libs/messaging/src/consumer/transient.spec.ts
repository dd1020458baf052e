import { createServer } from 'node:net';
import { ReplyError } from 'ioredis';
import {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import { Client, DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { RejectedEventError } from './event-consumer';
import { isLostMembership, isTransientError, TransientError } from './transient';

/** A pg server error as node-postgres builds it from the server's ErrorResponse. */
const pgError = (code: string, message = 'server error') => {
  const e = new DatabaseError(message, message.length, 'error');
  e.code = code;
  return e;
};
const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });
const viaTypeorm = (driverError: Error) =>
  new QueryFailedError('INSERT INTO t VALUES ($1)', ['x'], driverError);

describe('isTransientError', () => {
  describe('PostgreSQL SQLSTATEs', () => {
    it.each([
      ['08000', 'connection_exception'],
      ['08003', 'connection_does_not_exist'],
      ['08006', 'connection_failure'],
      ['08001', 'sqlclient_unable_to_establish_sqlconnection'],
      ['53000', 'insufficient_resources'],
      ['53100', 'disk_full'],
      ['53200', 'out_of_memory'],
      ['53300', 'too_many_connections'],
      ['57P01', 'admin_shutdown'],
      ['57P02', 'crash_shutdown'],
      ['57P03', 'cannot_connect_now'],
      ['40001', 'serialization_failure'],
      ['40P01', 'deadlock_detected'],
      ['28000', 'invalid_authorization_specification (role not permitted to log in)'],
      ['28P01', 'invalid_password'],
    ])('%s (%s) is transient, bare and wrapped by TypeORM', (code) => {
      expect(isTransientError(pgError(code))).toBe(true);
      expect(isTransientError(viaTypeorm(pgError(code)))).toBe(true);
    });

    it.each([
      ['23505', 'unique_violation'],
      ['23503', 'foreign_key_violation'],
      ['23502', 'not_null_violation'],
      ['22P02', 'invalid_text_representation'],
      ['22001', 'string_data_right_truncation'],
      ['42P01', 'undefined_table'],
      ['42703', 'undefined_column'],
      ['40002', 'transaction_integrity_constraint_violation'],
      ['57014', 'query_canceled'],
      ['P0001', 'raise_exception'],
    ])('%s (%s) is not transient: the same statement fails again', (code) => {
      expect(isTransientError(pgError(code))).toBe(false);
      expect(isTransientError(viaTypeorm(pgError(code)))).toBe(false);
    });
  });

  describe('lost connections without a code', () => {
    it.each([
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'Connection terminated',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
      'Query read timeout',
    ])('pg: "%s"', (message) => {
      expect(isTransientError(new Error(message))).toBe(true);
      expect(isTransientError(viaTypeorm(new Error(message)))).toBe(true);
    });

    it('a real refused connection of node-postgres', async () => {
      // A port nobody listens on: bind one, then close it.
      const server = createServer();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as { port: number };
      await new Promise((r) => server.close(r));
      const client = new Client({ host: '127.0.0.1', port, connectionTimeoutMillis: 2000 });
      const err = await client.connect().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeDefined();
      expect(isTransientError(err)).toBe(true);
    });
  });

  describe('Node socket errors', () => {
    it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EAI_AGAIN'])(
      '%s',
      (code) => {
        expect(isTransientError(withCode(code))).toBe(true);
      },
    );

    it('ECONNREFUSED on every address (AggregateError)', () => {
      const agg = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], '');
      expect(isTransientError(agg)).toBe(true);
    });

    it.each(['ENOENT', 'EACCES', 'ERR_INVALID_ARG_TYPE'])('%s is not transient', (code) => {
      expect(isTransientError(withCode(code))).toBe(false);
    });
  });

  describe('Redis (ioredis)', () => {
    it.each([
      'Connection is closed.',
      'Command timed out',
      "Stream isn't writeable and enableOfflineQueue options is false",
      'Reached the max retries per request limit (which is 20). Refer to "maxRetriesPerRequest" option for details.',
    ])('"%s"', (message) => {
      expect(isTransientError(new Error(message))).toBe(true);
    });

    it('MaxRetriesPerRequestError by name', () => {
      const e = new Error('x');
      e.name = 'MaxRetriesPerRequestError';
      expect(isTransientError(e)).toBe(true);
    });

    it('replies that mean "not now" are transient, others are not', () => {
      const reply = (m: string) => new (ReplyError as new (m: string) => Error)(m);
      expect(isTransientError(reply('LOADING Redis is loading the dataset in memory'))).toBe(true);
      expect(isTransientError(reply("READONLY You can't write against a read only replica."))).toBe(
        true,
      );
      expect(isTransientError(reply('CLUSTERDOWN The cluster is down'))).toBe(true);
      expect(
        isTransientError(
          reply('WRONGTYPE Operation against a key holding the wrong kind of value'),
        ),
      ).toBe(false);
      expect(isTransientError(reply('ERR syntax error'))).toBe(false);
    });
  });

  describe('KafkaJS', () => {
    it('retriable errors are transient', () => {
      expect(isTransientError(new KafkaJSConnectionError('Connection error: ECONNREFUSED'))).toBe(
        true,
      );
      expect(isTransientError(new KafkaJSRequestTimeoutError('Request timed out'))).toBe(true);
      expect(
        isTransientError(
          new KafkaJSProtocolError({
            message: 'There is no leader for this topic-partition',
            type: 'LEADER_NOT_AVAILABLE',
            code: 5,
            retriable: true,
          } as never),
        ),
      ).toBe(true);
    });

    it('"retries exceeded" is transient when the last failure was', () => {
      const last = new KafkaJSConnectionError('Connection error');
      const exceeded = new KafkaJSNumberOfRetriesExceeded(last, { retryCount: 5, retryTime: 1 });
      expect(isTransientError(exceeded)).toBe(true);
    });

    it('non-retriable errors are not', () => {
      expect(isTransientError(new KafkaJSNonRetriableError('Message too large'))).toBe(false);
      expect(
        isTransientError(
          new KafkaJSProtocolError({
            message: 'Not authorized to access topics',
            type: 'TOPIC_AUTHORIZATION_FAILED',
            code: 29,
            retriable: false,
          } as never),
        ),
      ).toBe(false);
      expect(isTransientError(new KafkaJSError('x', { retriable: false }))).toBe(false);
    });
  });

  describe('explicit and wrapped', () => {
    it('TransientError, thrown or as a cause', () => {
      expect(isTransientError(new TransientError('exam board API down'))).toBe(true);
      expect(
        isTransientError(new Error('wrapped', { cause: new TransientError('upstream 503') })),
      ).toBe(true);
      expect(isTransientError(new Error('wrapped', { cause: withCode('ECONNRESET') }))).toBe(true);
    });

    it('a rejection is never transient, whatever it wraps', () => {
      const rejected = new RejectedEventError('deadline closed');
      (rejected as { cause?: unknown }).cause = withCode('ECONNREFUSED');
      expect(isTransientError(rejected)).toBe(false);
    });

    it('bugs and odd values are not transient', () => {
      expect(
        isTransientError(new TypeError("Cannot read properties of undefined (reading 'x')")),
      ).toBe(false);
      expect(isTransientError(new Error('cannot credit the poison account'))).toBe(false);
      expect(isTransientError(undefined)).toBe(false);
      expect(isTransientError(null)).toBe(false);
      expect(isTransientError('ECONNREFUSED')).toBe(false);
      expect(isTransientError({ code: 42 })).toBe(false);
    });

    it('a cycle of causes ends', () => {
      const a = new Error('a');
      const b = new Error('b', { cause: a });
      (a as { cause?: unknown }).cause = b;
      expect(isTransientError(a)).toBe(false);
    });
  });
});

describe('a commit refused because the group moved on', () => {
  it('is told apart from other Kafka errors, through the wrapping', () => {
    const protocol = Object.assign(new Error('The coordinator is not aware of this member'), {
      name: 'KafkaJSProtocolError',
      type: 'UNKNOWN_MEMBER_ID',
    });
    const wrapped = Object.assign(new Error('The coordinator is not aware of this member'), {
      name: 'KafkaJSNonRetriableError',
      cause: protocol,
    });
    expect(isLostMembership(protocol)).toBe(true);
    expect(isLostMembership(wrapped)).toBe(true);
    expect(isLostMembership({ name: 'KafkaJSProtocolError', type: 'REBALANCE_IN_PROGRESS' })).toBe(
      true,
    );
    expect(
      isLostMembership({ name: 'KafkaJSProtocolError', type: 'TOPIC_AUTHORIZATION_FAILED' }),
    ).toBe(false);
    expect(isLostMembership(new Error('Connection terminated'))).toBe(false);
  });
});

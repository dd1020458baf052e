import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaTls, PlatformEnv, ServiceProcess, testKafkaSasl, testPort } from '@qn/testing';

const tls = kafkaTls();

/**
 * TLS is a setting of the client (KAFKA_SSL, KAFKA_SSL_CA_FILE): the local broker also listens
 * with SASL over TLS, with a self-signed certificate, so both sides are exercised for real.
 */
(tls ? describe : describe.skip)('Kafka over TLS (SASL_SSL)', () => {
  const env = new PlatformEnv();
  beforeAll(() => env.setUp());
  afterAll(() => env.tearDown());

  const connect = async (ssl: boolean | { ca: string[] } | undefined) => {
    const admin = new Kafka({
      clientId: 'tls-test',
      brokers: tls!.brokers,
      connectionTimeout: 3000,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      sasl: testKafkaSasl('registry'),
      ...(ssl ? { ssl } : {}),
    }).admin();
    try {
      await admin.connect();
      return (await admin.describeCluster()).brokers.length > 0 ? 'connected' : 'no brokers';
    } catch (err) {
      return (err as Error).message;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };

  it('connects with the CA file, and not without TLS or without trusting the certificate', async () => {
    expect(await connect({ ca: [readFileSync(tls!.caFile, 'utf8')] })).toBe('connected');
    expect(await connect(true)).toMatch(/self-signed certificate/);
    expect(await connect(undefined)).not.toBe('connected');
  });

  it('runs a service with KAFKA_SSL=true and KAFKA_SSL_CA_FILE', async () => {
    const port = testPort();
    const svc = new ServiceProcess(
      'registry',
      env.envFor('registry', port, {
        KAFKA_BROKERS: tls!.brokers.join(','),
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: tls!.caFile,
      }),
    ).start();
    try {
      await svc.ready(`http://127.0.0.1:${port}`);
    } finally {
      await svc.stop();
    }
  }, 60000);
});

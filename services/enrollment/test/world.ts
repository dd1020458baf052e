import { KafkaMessage } from 'kafkajs';
import {
  callApi,
  createOrgUnit,
  PlatformEnv,
  testKafka,
  testPort,
  ServiceProcess,
} from '@qn/testing';

/** What a reader of some of the service's topics has received so far. */
export interface CollectedEvents {
  messages: KafkaMessage[];
  /** The envelopes, parsed. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read them field by field
  events(): any[];
  stop(): Promise<void>;
}

/**
 * The registry and the enrollment service as separate processes on one test database and topic
 * prefix, with a province token and a helper that creates org units in the registry (they
 * reach enrollment through Kafka).
 */
export class EnrollmentWorld {
  readonly env = new PlatformEnv();
  readonly registryUrl: string;
  readonly url: string;
  readonly ids: Record<string, string> = {};
  registry!: ServiceProcess;
  enrollment!: ServiceProcess;
  province!: string;
  private readonly registryPort: number;
  private readonly port: number;

  constructor(private readonly enrollmentEnv: Record<string, string> = {}) {
    this.registryPort = testPort();
    this.port = testPort();
    this.registryUrl = `http://127.0.0.1:${this.registryPort}`;
    this.url = `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    await this.env.setUp();
    this.registry = new ServiceProcess(
      'registry',
      this.env.envFor('registry', this.registryPort),
    ).start();
    this.enrollment = new ServiceProcess(
      'enrollment',
      this.env.envFor('enrollment', this.port, this.enrollmentEnv),
    ).start();
    await Promise.all([this.registry.ready(this.registryUrl), this.enrollment.ready(this.url)]);
    this.province = await this.env.token('province');
  }

  async stop(): Promise<void> {
    await Promise.all([this.registry?.stop(), this.enrollment?.stop()]);
    await this.env.tearDown();
  }

  /** Creates an org unit in the registry (valid from 1 July 2025 unless `extra` says otherwise) and remembers its id by code. */
  async unit(
    code: string,
    kind: string,
    parent: string | null,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    return (this.ids[code] = await createOrgUnit(
      this.registryUrl,
      this.province,
      code,
      kind,
      parent,
      extra,
    ));
  }

  /** A call to the enrollment service. */
  call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    return callApi(this.url, method, path, token, body, headers);
  }

  /**
   * Reads `topics` (names without the run's prefix) from their beginning, as a consumer of their
   * own would, until `stop()`.
   */
  async collect(name: string, topics: string[]): Promise<CollectedEvents> {
    const consumer = testKafka().consumer({
      groupId: `${this.env.prefix}${name}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: topics.map((t) => `${this.env.prefix}${t}`),
      fromBeginning: true,
    });
    const messages: KafkaMessage[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    return {
      messages,
      events: () => messages.map((m) => JSON.parse(m.value!.toString())),
      stop: () => consumer.disconnect(),
    };
  }
}

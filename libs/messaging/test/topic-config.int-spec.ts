import { Admin, ConfigResourceTypes } from 'kafkajs';
import {
  dlqTopicOf,
  platformCatalog,
  PlatformServices,
  prefixedTopic,
  topicsOfService,
  Topics,
} from '@qn/contracts';
import { deleteTopicsWithPrefix, grantKafkaAccess, testId, testKafka, waitFor } from '@qn/testing';
import { isDeepStrictEqual } from 'node:util';
import { ensureTopics } from '../src';

/**
 * Topics carry the retention and compaction the catalogue declares: when a service creates
 * them, and when they already exist with the broker's default (a deployment of an older
 * version), which the next start corrects. The service does it as its own principal, with the
 * ACLs derived from the catalogue.
 */
describe('topic settings from the catalogue (real Kafka)', () => {
  const prefix = `t${testId()}.`;
  const applications = prefixedTopic(prefix, Topics.enrollmentApplications);
  const orgUnits = prefixedTopic(prefix, Topics.registryOrgUnits);
  const intake = prefixedTopic(prefix, Topics.enrollmentApplicationIntake);
  let admin: Admin;
  let service: Admin;

  beforeAll(async () => {
    await grantKafkaAccess(prefix);
    admin = testKafka('topic-config-admin').admin();
    await admin.connect();
    service = testKafka('topic-config-enrollment', PlatformServices.enrollment).admin();
    await service.connect();
  });
  afterAll(async () => {
    await service?.disconnect();
    await admin?.disconnect();
    await deleteTopicsWithPrefix(prefix);
  });

  /** The topic's settings once `done` holds (or the last read, for the assertion to show). */
  async function settled(
    topic: string,
    done: (s: Record<string, string>) => boolean,
  ): Promise<Record<string, string>> {
    let last: Record<string, string> = {};
    await waitFor(async () => done((last = await settings(topic))), {
      timeoutMs: 10000,
      description: `settings of ${topic}`,
    }).catch(() => undefined);
    return last;
  }

  async function settings(topic: string): Promise<Record<string, string>> {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configNames: ['cleanup.policy', 'retention.ms'],
        },
      ],
    });
    return Object.fromEntries(resources[0].configEntries.map((e) => [e.configName, e.configValue]));
  }

  it('creates facts kept forever, intake for 7 days, dead letters for 90 days', async () => {
    await ensureTopics(
      service,
      platformCatalog,
      prefix,
      [],
      topicsOfService(platformCatalog, PlatformServices.enrollment, prefix),
    );
    // Created topics' settings reach describeConfigs a moment later under load: poll.
    const expected: Array<[string, Record<string, string>]> = [
      [applications, { 'cleanup.policy': 'delete', 'retention.ms': '-1' }],
      [intake, { 'cleanup.policy': 'delete', 'retention.ms': String(7 * 86_400_000) }],
      [dlqTopicOf(intake), { 'cleanup.policy': 'delete', 'retention.ms': String(90 * 86_400_000) }],
    ];
    for (const [topic, want] of expected)
      expect(await settled(topic, (s) => isDeepStrictEqual(s, want))).toEqual(want);
  });

  it('brings topics left with the broker default (7 days) to the declared settings', async () => {
    // What an older version left behind: plain topics with the broker's 168 hours.
    const registryTopics = topicsOfService(platformCatalog, PlatformServices.registry, prefix);
    const week = String(7 * 86_400_000);
    await admin.alterConfigs({
      validateOnly: false,
      resources: [orgUnits, applications].map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configEntries: [
          { name: 'cleanup.policy', value: 'delete' },
          { name: 'retention.ms', value: week },
        ],
      })),
    });
    // Topic configs reach describeConfigs a moment after alterConfigs answers: poll.
    const deleted = await settled(orgUnits, (s) => s['cleanup.policy'] === 'delete');
    expect(deleted['cleanup.policy']).toBe('delete');
    const weekLong = await settled(applications, (s) => s['retention.ms'] === week);
    expect(weekLong['retention.ms']).toBe(week);

    const registry = testKafka('topic-config-registry', PlatformServices.registry).admin();
    await registry.connect();
    try {
      await ensureTopics(registry, platformCatalog, prefix, [], registryTopics);
    } finally {
      await registry.disconnect();
    }
    await ensureTopics(
      service,
      platformCatalog,
      prefix,
      [],
      topicsOfService(platformCatalog, PlatformServices.enrollment, prefix),
    );
    const compactForever = { 'cleanup.policy': 'compact', 'retention.ms': '-1' };
    const deleteForever = { 'cleanup.policy': 'delete', 'retention.ms': '-1' };
    expect(await settled(orgUnits, (s) => isDeepStrictEqual(s, compactForever))).toEqual(
      compactForever,
    );
    expect(await settled(applications, (s) => isDeepStrictEqual(s, deleteForever))).toEqual(
      deleteForever,
    );
  });
});

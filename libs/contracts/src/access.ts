import { dlqTopicOf, EventCatalog, OUTSIDE, prefixedTopic } from './catalog';

/** A Kafka ACL the platform needs: allow `principal` these operations on one resource. */
export interface KafkaAclGrant {
  /** SASL user name, without `User:`. */
  principal: string;
  resourceType: 'topic' | 'group';
  /** literal: exactly this name; prefixed: every name starting with it. */
  patternType: 'literal' | 'prefixed';
  name: string;
  operation:
    'read' | 'write' | 'describe' | 'create' | 'describe-configs' | 'alter-configs' | 'all';
}

export interface KafkaAccessOptions {
  /** TOPIC_PREFIX of the deployment (or test run): topics and groups are named with it. */
  prefix: string;
  /** Kafka principals of outside systems and the role each holds, e.g. `{ 'portal-a': 'admission-portal' }`. */
  outsidePrincipals?: Readonly<Record<string, string>>;
}

/** What a service that creates a topic may do with its settings (see `kafkaAccess`). */
const CONFIGS: KafkaAclGrant['operation'][] = ['describe-configs', 'alter-configs'];

/**
 * The ACLs of a deployment, derived from the catalogue (who publishes each event type, who
 * reads each topic), so topics and their access rules are written in one place:
 * - a publishing service may write, describe and create its topics;
 * - an outside principal may only write (and describe) the topics of its role's events;
 * - a reading service may read, describe and create the topics it reads, write (and create)
 *   their dead-letter topics, and use every consumer group named `<prefix><service>.`;
 * - a service that may create a topic may also read and set its configuration, so the
 *   retention the catalogue declares reaches topics that already exist (`topicConfig`).
 * Topics are granted by their full literal name (prefix included, `.dlq` separately), so a
 * portal allowed to write its intake topic cannot write that topic's dead letters; groups by
 * a prefixed pattern.
 */
export function kafkaAccess(catalog: EventCatalog, o: KafkaAccessOptions): KafkaAclGrant[] {
  const grants = new Map<string, KafkaAclGrant>();
  const add = (g: KafkaAclGrant) =>
    grants.set(`${g.principal}|${g.resourceType}|${g.patternType}|${g.name}|${g.operation}`, g);
  const topic = (principal: string, name: string, ops: KafkaAclGrant['operation'][]) => {
    for (const operation of ops)
      add({ principal, resourceType: 'topic', patternType: 'literal', name, operation });
  };
  const outside = Object.entries(o.outsidePrincipals ?? {});
  const services = new Set<string>();
  for (const t of catalog.allTopics()) {
    const name = prefixedTopic(o.prefix, t.name);
    const publishers = new Set(
      catalog
        .allEvents()
        .filter((e) => e.topic === t.name)
        .flatMap((e) => e.publishers ?? []),
    );
    for (const p of publishers) {
      if (p.startsWith(OUTSIDE)) {
        const role = p.slice(OUTSIDE.length);
        for (const [principal] of outside.filter(([, r]) => r === role))
          topic(principal, name, ['write', 'describe']);
      } else {
        services.add(p);
        topic(p, name, ['write', 'describe', 'create', ...CONFIGS]);
      }
    }
    for (const c of t.consumers ?? []) {
      services.add(c);
      topic(c, name, ['read', 'describe', 'create', ...CONFIGS]);
      topic(c, dlqTopicOf(name), ['write', 'describe', 'create', ...CONFIGS]);
    }
  }
  for (const s of services)
    add({
      principal: s,
      resourceType: 'group',
      patternType: 'prefixed',
      name: `${o.prefix}${s}.`,
      operation: 'all',
    });
  return [...grants.values()];
}

/**
 * The topics (prefixed) a service touches: those it publishes, those it reads and their
 * dead-letter topics. A service creates only these at start; it is not allowed the others.
 */
export function topicsOfService(catalog: EventCatalog, service: string, prefix: string): string[] {
  return [
    ...new Set(
      kafkaAccess(catalog, { prefix })
        .filter((g) => g.principal === service && g.resourceType === 'topic')
        .map((g) => g.name),
    ),
  ];
}

/** Parses `principal=role,…` (KAFKA_OUTSIDE_PRINCIPALS) into a principal → role map. */
export function parseOutsidePrincipals(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [principal, role] = part.split('=').map((s) => s?.trim());
    if (!principal || !role) throw new Error(`'${part}' is not principal=role`);
    out[principal] = role;
  }
  return out;
}

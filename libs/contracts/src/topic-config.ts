import { TopicDefinition, TopicRetention } from './catalog';

/**
 * Broker settings of the platform's topics, derived from the catalogue so that a topic's
 * retention is written once, next to its events. Topics are created with them and existing
 * topics are brought back to them at every start (libs/messaging `ensureTopics`), so an upgrade
 * also fixes topics created by an older version with the broker's default (7 days).
 *
 * The set is complete: Kafka's AlterConfigs replaces a topic's whole set of overrides, so
 * everything a topic should carry is listed here and nothing else is set by hand.
 */
export type TopicConfig = Readonly<Record<string, string>>;

const DAY_MS = 86_400_000;

/**
 * Dead letters wait for a person to look at them and replay them (libs/messaging dlq-replay):
 * 90 days covers holidays and the end of a school term. They are not facts — the original stays
 * on its source topic, which replay reads for redacted letters — so they need not stay forever.
 */
export const DEAD_LETTER_RETENTION: TopicRetention = { days: 90 };

/** `retention.ms` of a retention: -1 (never delete) for `forever`. */
export function retentionMs(r: TopicRetention = 'forever'): number {
  if (r === 'forever') return -1;
  if (!Number.isInteger(r.days) || r.days < 1)
    throw new Error(`retention must be a whole number of days (≥ 1), got ${r.days}`);
  return r.days * DAY_MS;
}

/**
 * A topic's settings. Facts (`delete` policy) keep their messages for the declared retention —
 * forever for those projections replay. Compacted topics keep the latest message per key;
 * their retention is forever too, so a later change of policy to `compact,delete` cannot drop
 * master data by age.
 */
export function topicConfig(t: Pick<TopicDefinition, 'compacted' | 'retention'>): TopicConfig {
  return t.compacted
    ? {
        'cleanup.policy': 'compact',
        'min.cleanable.dirty.ratio': '0.1',
        'retention.ms': String(retentionMs(t.retention)),
      }
    : { 'cleanup.policy': 'delete', 'retention.ms': String(retentionMs(t.retention)) };
}

/** Settings of every dead-letter topic. */
export const deadLetterTopicConfig: TopicConfig = {
  'cleanup.policy': 'delete',
  'retention.ms': String(retentionMs(DEAD_LETTER_RETENTION)),
};

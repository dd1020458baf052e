import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EventEnvelope, envelopeSchema } from './envelope';

/** A Kafka topic of the platform and how its messages are keyed. */
export interface TopicDefinition {
  /** Base name, e.g. `registry.org-unit.v1`; a deployment or test may add a prefix. */
  name: string;
  description: string;
  partitions: number;
  /** Compacted topics hold the latest state per key (master data); others hold facts. */
  compacted: boolean;
  /**
   * How long the broker keeps a message (`retention.ms`); unset: forever. Facts that
   * projections replay from the beginning must stay forever, or a rebuild misses them (see
   * `topicConfig`).
   */
  retention?: TopicRetention;
  /**
   * The partition key of an event on this topic. One aggregate's events share a key, so they
   * stay in order. Never a personal identification number.
   */
  keyOf(event: EventEnvelope): string;
  keyDescription: string;
  /**
   * Platform services that read this topic (Kafka ACLs: read it, use their consumer groups,
   * write its dead-letter topic). Who writes it follows from its events' `publishers`.
   */
  consumers?: readonly string[];
}

/** `forever`, or a number of days after which the broker deletes a message. */
export type TopicRetention = 'forever' | { days: number };

/** One version of one event type. */
export interface EventDefinition {
  type: string;
  version: number;
  topic: string;
  description: string;
  /** JSON Schema of `data`. */
  schema: Record<string, unknown>;
  /**
   * Who may publish this event type: a platform service name (which is also the event's
   * `source` and its Kafka principal) or `outside:<role>` for outside systems (admission
   * portals, the exam board), whose `source` names a deployment lists per role. Consumers
   * dead-letter an event whose source is not allowed (`forbidden-source`); the Kafka ACLs let
   * only these publishers write the topic. Unset: no rule (test catalogues).
   */
  publishers?: readonly Publisher[];
  /**
   * Whether `data` holds a child's personal data (personal id, name, date of birth, scores).
   * Copies outside the owning service's database (dead letters) then carry the envelope without
   * `data`; the original stays on its topic (see `deadLetterCopy`).
   */
  personalData?: boolean;
}

/** A platform service, or `outside:<role>` for an outside system. */
export type Publisher = string;

/** Prefix of an outside publisher's role in `publishers`. */
export const OUTSIDE = 'outside:';

/** The `source` names a deployment trusts per outside role, e.g. `{ 'admission-portal': ['portal-a'] }`. */
export type OutsideSources = Readonly<Record<string, readonly string[]>>;

export interface ValidationIssue {
  /** JSON pointer of the failing field, e.g. `/data/name`. */
  path: string;
  message: string;
}

export class EventValidationError extends Error {
  constructor(
    readonly issues: ValidationIssue[],
    readonly eventType?: string,
  ) {
    super(
      `invalid event${eventType ? ` ${eventType}` : ''}: ${issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}`,
    );
    this.name = 'EventValidationError';
  }
}

export type ValidationResult<T> =
  { ok: true; event: EventEnvelope<T> } | { ok: false; issues: ValidationIssue[] };

const key = (type: string, version: number) => `${type}@${version}`;

function toIssues(errors: ErrorObject[] | null | undefined, prefix = ''): ValidationIssue[] {
  return (errors ?? []).map((e) => ({
    path: `${prefix}${e.instancePath}`,
    message:
      e.keyword === 'additionalProperties'
        ? `must not have property '${(e.params as { additionalProperty: string }).additionalProperty}'`
        : (e.message ?? 'is invalid'),
  }));
}

/**
 * The topics and event types a deployment knows, with compiled validators. The platform's own
 * catalogue is `platformCatalog`; tests may build their own.
 */
export class EventCatalog {
  private readonly ajv: Ajv;
  private readonly topics = new Map<string, TopicDefinition>();
  private readonly events = new Map<string, EventDefinition & { validate: ValidateFunction }>();
  private readonly validateEnvelope: ValidateFunction;

  constructor() {
    // multipleOfPrecision: scores like 8.29 are multiples of 0.01 despite binary floating point.
    this.ajv = new Ajv({
      allErrors: true,
      strict: true,
      allowUnionTypes: true,
      multipleOfPrecision: 9,
    });
    addFormats(this.ajv);
    this.validateEnvelope = this.ajv.compile(envelopeSchema);
  }

  addTopic(topic: TopicDefinition): this {
    if (this.topics.has(topic.name)) throw new Error(`topic ${topic.name} defined twice`);
    this.topics.set(topic.name, topic);
    return this;
  }

  addEvent(def: EventDefinition): this {
    if (!this.topics.has(def.topic))
      throw new Error(`event ${def.type}@${def.version}: unknown topic ${def.topic}`);
    if (this.events.has(key(def.type, def.version)))
      throw new Error(`event ${def.type}@${def.version} defined twice`);
    this.events.set(key(def.type, def.version), { ...def, validate: this.ajv.compile(def.schema) });
    return this;
  }

  topic(name: string): TopicDefinition {
    const t = this.topics.get(name);
    if (!t) throw new Error(`unknown topic ${name}`);
    return t;
  }

  event(type: string, version: number): EventDefinition | undefined {
    return this.events.get(key(type, version));
  }

  allTopics(): TopicDefinition[] {
    return [...this.topics.values()];
  }

  allEvents(): EventDefinition[] {
    return [...this.events.values()].map(({ validate: _v, ...def }) => def);
  }

  /** Checks the envelope, that the type and version are known, and `data` against its schema. */
  validate<T = unknown>(candidate: unknown): ValidationResult<T> {
    if (!this.validateEnvelope(candidate))
      return { ok: false, issues: toIssues(this.validateEnvelope.errors) };
    const env = candidate as EventEnvelope;
    const def = this.events.get(key(env.type, env.version));
    if (!def)
      return {
        ok: false,
        issues: [
          { path: '/type', message: `unknown event type ${env.type} version ${env.version}` },
        ],
      };
    if (!def.validate(env.data))
      return { ok: false, issues: toIssues(def.validate.errors, '/data') };
    return { ok: true, event: env as EventEnvelope<T> };
  }

  /**
   * Whether the event's `source` may publish its type: undefined when it may, else the reason
   * (for the dead-letter header; names the source only when it looks like a system name, so a
   * forged value never carries personal data into logs).
   */
  sourceRefusal(event: EventEnvelope, outside: OutsideSources = {}): string | undefined {
    const def = this.events.get(key(event.type, event.version));
    if (!def?.publishers) return undefined;
    for (const p of def.publishers) {
      if (p.startsWith(OUTSIDE)) {
        if ((outside[p.slice(OUTSIDE.length)] ?? []).includes(event.source)) return undefined;
      } else if (p === event.source) return undefined;
    }
    const shown = /^[A-Za-z0-9._-]{1,64}$/.test(event.source)
      ? `'${event.source}'`
      : '(a value that is not a system name)';
    const allowed = def.publishers
      .map((p) =>
        p.startsWith(OUTSIDE)
          ? `the ${p.slice(OUTSIDE.length)} sources this service trusts`
          : `'${p}'`,
      )
      .join(' or ');
    return `${event.type} v${event.version} may not come from source ${shown} (allowed: ${allowed})`;
  }

  /** Like `validate`, but throws EventValidationError. */
  assertValid<T = unknown>(candidate: unknown): EventEnvelope<T> {
    const result = this.validate<T>(candidate);
    if (!result.ok)
      throw new EventValidationError(result.issues, (candidate as { type?: string })?.type);
    return result.event;
  }

  /** The topic an event goes to, and its partition key. */
  /**
   * What a dead-letter topic may keep of a message. Envelopes of event types without personal
   * data are kept whole, for diagnosis and replay. An event type that carries personal data keeps
   * its envelope without `data`; a message that cannot be read, or of a type the catalogue does
   * not know, keeps nothing, since nobody can say what it holds. Replay of a redacted dead letter
   * reads the original from `x-original-topic/partition/offset`.
   */
  deadLetterCopy(value: Buffer | null): {
    value: Buffer | null;
    redacted: 'none' | 'data' | 'all';
  } {
    if (value === null) return { value, redacted: 'none' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.toString('utf8'));
    } catch {
      return { value: null, redacted: 'all' };
    }
    const e = parsed as Partial<EventEnvelope> | null;
    const def =
      e && typeof e === 'object' && typeof e.type === 'string' && typeof e.version === 'number'
        ? this.event(e.type, e.version)
        : undefined;
    if (!def) return { value: null, redacted: 'all' };
    if (!def.personalData) return { value, redacted: 'none' };
    const { data: _data, ...envelope } = e as EventEnvelope;
    return { value: Buffer.from(JSON.stringify(envelope)), redacted: 'data' };
  }

  route(event: EventEnvelope): { topic: string; key: string } {
    const def = this.events.get(key(event.type, event.version));
    if (!def)
      throw new EventValidationError(
        [{ path: '/type', message: `unknown event type ${event.type} version ${event.version}` }],
        event.type,
      );
    const topic = this.topic(def.topic);
    return { topic: topic.name, key: topic.keyOf(event) };
  }
}

/** Dead-letter topic of a topic: same name with `.dlq`. */
export const dlqTopicOf = (topic: string) => `${topic}.dlq`;

/** Prefixes a base topic name for a deployment or a test run (`TOPIC_PREFIX`). */
export const prefixedTopic = (prefix: string, base: string) => `${prefix}${base}`;

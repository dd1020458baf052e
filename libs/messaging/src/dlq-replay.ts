import { randomBytes } from 'node:crypto';
import { Admin, IHeaders, Kafka, KafkaMessage, Partitioners, Producer } from 'kafkajs';
import { dlqTopicOf } from '@qn/contracts';

/** Dead-letter reason kinds a fix can change; the default selection of a replay. */
export const DEFAULT_REPLAY_KINDS = ['rejected', 'handler-failed'] as const;

export interface ReplayOptions {
  kafka: Kafka;
  /** Full (prefixed) name of the topic whose dead letters are replayed; its DLQ is `<topic>.dlq`. */
  topic: string;
  /**
   * Base of the replay's consumer groups: one group per reason kind (`<base>.<kind>`) keeps
   * where the replay of that kind stands, so a run for one kind never moves past dead letters
   * of another kind that a later run may select.
   */
  groupBase: string;
  /** Reason kinds to replay (`x-dlq-reason-kind`); others are left for a later run. */
  kinds: readonly string[];
  dryRun?: boolean;
  /** Give up reading a partition after this long without reaching its end (default 30 s). */
  readTimeoutMs?: number;
}

export interface ReplayReport {
  dlqTopic: string;
  dryRun: boolean;
  /** Dead letters read past the earliest position of the selected kinds. */
  read: number;
  /** Republished to their original topic (with --dry-run: would have been). */
  replayed: number;
  /** Of those, republished from the original message because the dead letter was redacted. */
  fromOriginal: number;
  replayedByKind: Record<string, number>;
  /** Not republished, by why: `kind not selected: <kind>`, `already replayed`, `original expired`… */
  skipped: Record<string, number>;
}

/** Headers the consumer adds to a dead letter; a replay does not carry them back. */
const DLQ_HEADER = /^x-(dlq-|original-|consumer-group$|failed-at$)/;

const COMMIT_EVERY = 100;

const header = (h: IHeaders | undefined, k: string): string | undefined => {
  const v = h?.[k];
  if (v === undefined || v === null) return undefined;
  return (Array.isArray(v) ? v[0] : v).toString();
};

/**
 * Reads `ranges` (partition → [from, to) offsets) of a topic with a throwaway consumer group
 * (deleted afterwards), so reading never moves anybody's committed offsets.
 */
async function readRanges(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  ranges: Map<number, { from: bigint; to: bigint }>,
  groupBase: string,
  timeoutMs: number,
): Promise<Map<number, KafkaMessage[]>> {
  const out = new Map<number, KafkaMessage[]>();
  const pending = new Set<number>();
  for (const [p, r] of ranges) {
    out.set(p, []);
    if (r.from < r.to) pending.add(p);
  }
  if (pending.size === 0) return out;
  const groupId = `${groupBase}.reader-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const p of pending)
        consumer.seek({ topic, partition: p, offset: ranges.get(p)!.from.toString() });
    });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const r = ranges.get(batch.partition);
        if (!r || !pending.has(batch.partition)) return;
        for (const m of batch.messages) {
          const o = BigInt(m.offset);
          if (o >= r.from && o < r.to) out.get(batch.partition)!.push(m);
        }
        if (BigInt(batch.lastOffset()) >= r.to - 1n) {
          pending.delete(batch.partition);
          if (pending.size === 0) finish();
        }
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `reading ${topic} partitions ${[...pending].join(',')} did not reach the end in ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      await Promise.race([finished, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  // A compacted or re-read range may hold a message twice; keep offset order, once each.
  for (const [p, ms] of out)
    out.set(
      p,
      [...new Map(ms.map((m) => [m.offset, m])).values()].sort((a, b) =>
        BigInt(a.offset) < BigInt(b.offset) ? -1 : 1,
      ),
    );
  return out;
}

interface DeadLetter {
  partition: number;
  offset: string;
  kind: string;
  message: KafkaMessage;
  original?: { topic: string; partition: number; offset: string };
  /** The copy lacks (or may lack) part of the event: republish the original instead. */
  needsOriginal: boolean;
}

/**
 * Re-drives the dead letters of `topic` after a fix: each selected dead letter is published
 * again to its original topic with its key and original headers, and marked done in the
 * replay group of its kind, so a second run does not replay it again. A dead letter whose copy
 * was redacted (personal data, `x-dlq-redacted` other than `none`) is replayed from the
 * original message at `x-original-topic/partition/offset`; when retention has removed it,
 * it is skipped as `original expired`. Consumers deduplicate by envelope id, so replaying an
 * event that was in fact applied is a no-op.
 */
export async function replayDeadLetters(o: ReplayOptions): Promise<ReplayReport> {
  const dlqTopic = dlqTopicOf(o.topic);
  const dryRun = o.dryRun ?? false;
  const timeoutMs = o.readTimeoutMs ?? 30000;
  const report: ReplayReport = {
    dlqTopic,
    dryRun,
    read: 0,
    replayed: 0,
    fromOriginal: 0,
    replayedByKind: {},
    skipped: {},
  };
  const skip = (why: string) => (report.skipped[why] = (report.skipped[why] ?? 0) + 1);
  const groupOf = (kind: string) => `${o.groupBase}.${kind}`;
  const admin = o.kafka.admin();
  await admin.connect();
  let producer: Producer | undefined;
  // Dead letters done (replayed, or never replayable) and not yet committed, per kind.
  const progress = new Map<string, Map<number, string>>();
  // kafkajs commits a group's offsets by joining it (admin.setOffsets), a few hundred ms, so
  // progress is committed every COMMIT_EVERY dead letters, at the end, and on a failure.
  const commitProgress = async () => {
    for (const [kind, byPartition] of progress) {
      await admin.setOffsets({
        groupId: groupOf(kind),
        topic: dlqTopic,
        partitions: [...byPartition].map(([partition, offset]) => ({ partition, offset })),
      });
    }
    progress.clear();
  };
  let uncommitted = 0;
  try {
    const ends = await admin.fetchTopicOffsets(dlqTopic);
    // Where each selected kind's replay stands per partition (-1: never ran).
    const done = new Map<string, Map<number, bigint>>();
    for (const kind of o.kinds) {
      const [committed] = await admin.fetchOffsets({ groupId: groupOf(kind), topics: [dlqTopic] });
      done.set(
        kind,
        new Map(committed.partitions.map((p) => [p.partition, BigInt(p.offset)] as const)),
      );
    }
    const ranges = new Map<number, { from: bigint; to: bigint }>();
    for (const p of ends) {
      const low = BigInt(p.low);
      const from = o.kinds
        .map((k) => done.get(k)!.get(p.partition) ?? -1n)
        .map((c) => (c < low ? low : c))
        .reduce((a, b) => (b < a ? b : a), BigInt(p.high));
      ranges.set(p.partition, { from, to: BigInt(p.high) });
    }
    const read = await readRanges(o.kafka, admin, dlqTopic, ranges, o.groupBase, timeoutMs);

    const letters: DeadLetter[] = [];
    for (const [partition, messages] of read)
      for (const message of messages) {
        report.read++;
        const kind = header(message.headers, 'x-dlq-reason-kind') ?? 'unknown';
        if (!o.kinds.includes(kind)) {
          skip(`kind not selected: ${kind}`);
          continue;
        }
        if (BigInt(message.offset) < (done.get(kind)!.get(partition) ?? -1n)) {
          skip('already replayed');
          continue;
        }
        const ot = header(message.headers, 'x-original-topic');
        const op = header(message.headers, 'x-original-partition');
        const oo = header(message.headers, 'x-original-offset');
        const original =
          ot && op && oo && /^\d+$/.test(op) && /^\d+$/.test(oo)
            ? { topic: ot, partition: Number(op), offset: oo }
            : undefined;
        // A dead letter without the header predates redaction: trust only the original.
        const redacted = header(message.headers, 'x-dlq-redacted');
        const needsOriginal = redacted !== 'none' || message.value === null;
        letters.push({ partition, offset: message.offset, kind, message, original, needsOriginal });
      }

    // The originals the redacted dead letters need, read in one pass per topic.
    const originals = new Map<string, KafkaMessage>();
    const wanted = new Map<string, Map<number, { from: bigint; to: bigint }>>();
    for (const l of letters) {
      if (!l.needsOriginal || !l.original) continue;
      const byPartition = wanted.get(l.original.topic) ?? new Map();
      wanted.set(l.original.topic, byPartition);
      const off = BigInt(l.original.offset);
      const r = byPartition.get(l.original.partition);
      byPartition.set(
        l.original.partition,
        r
          ? { from: off < r.from ? off : r.from, to: off + 1n > r.to ? off + 1n : r.to }
          : { from: off, to: off + 1n },
      );
    }
    for (const [topic, byPartition] of wanted) {
      // Retention moves the log start: what lies before it is gone.
      const bounds = await admin.fetchTopicOffsets(topic);
      for (const b of bounds) {
        const r = byPartition.get(b.partition);
        if (!r) continue;
        const low = BigInt(b.low);
        const high = BigInt(b.high);
        r.from = r.from < low ? low : r.from;
        r.to = r.to > high ? high : r.to;
      }
      const got = await readRanges(o.kafka, admin, topic, byPartition, o.groupBase, timeoutMs);
      for (const [p, ms] of got) for (const m of ms) originals.set(`${topic}/${p}@${m.offset}`, m);
    }

    if (!dryRun) {
      // The services' partitioner: a replayed event lands on its key's partition, like the original.
      producer = o.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
    }
    for (const l of letters) {
      let source: KafkaMessage | undefined;
      if (!l.original) {
        skip('no original position');
      } else if (l.needsOriginal) {
        source = originals.get(`${l.original.topic}/${l.original.partition}@${l.original.offset}`);
        if (!source) skip('original expired');
      } else {
        source = l.message;
      }
      if (source && l.original) {
        if (!dryRun) {
          const headers: IHeaders = {};
          for (const [k, v] of Object.entries(source.headers ?? {}))
            if (!DLQ_HEADER.test(k) && v !== undefined) headers[k] = v;
          headers['x-replayed-from'] = `${dlqTopic}/${l.partition}@${l.offset}`;
          await producer!.send({
            topic: l.original.topic,
            acks: -1,
            messages: [{ key: source.key, value: source.value, headers }],
          });
        }
        report.replayed++;
        if (l.needsOriginal) report.fromOriginal++;
        report.replayedByKind[l.kind] = (report.replayedByKind[l.kind] ?? 0) + 1;
      }
      // Done with this dead letter (replayed, or never replayable): its kind's group moves past it.
      if (!dryRun) {
        const byPartition = progress.get(l.kind) ?? new Map<number, string>();
        progress.set(l.kind, byPartition);
        byPartition.set(l.partition, (BigInt(l.offset) + 1n).toString());
        if (++uncommitted >= COMMIT_EVERY) {
          uncommitted = 0;
          await commitProgress();
        }
      }
    }
    // Every dead letter of a selected kind up to the end read was handled: the next run of
    // that kind starts there (and does not read this range again for it).
    if (!dryRun)
      for (const kind of o.kinds) {
        const byPartition = progress.get(kind) ?? new Map<number, string>();
        progress.set(kind, byPartition);
        for (const [p, r] of ranges)
          if (r.to > (done.get(kind)!.get(p) ?? -1n)) byPartition.set(p, r.to.toString());
        if (byPartition.size === 0) progress.delete(kind);
      }
    await commitProgress();
    return report;
  } catch (err) {
    // What was replayed before the failure stays replayed.
    await commitProgress().catch(() => undefined);
    throw err;
  } finally {
    await producer?.disconnect().catch(() => undefined);
    await admin.disconnect();
  }
}

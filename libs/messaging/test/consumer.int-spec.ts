import { IHeaders } from 'kafkajs';
import { dlqTopicOf } from '@qn/contracts';
import { waitFor } from '@qn/testing';
import type { EventHandler } from '../src';
import { credited, creditOf, Harness } from './harness';

const header = (h: IHeaders | undefined, k: string) => h?.[k]?.toString();

describe('idempotent consumer with retries and a dead-letter topic', () => {
  const h = new Harness();
  beforeAll(async () => {
    await h.setUp();
    await h.consumer();
  });
  afterAll(() => h.tearDown());

  it('applies one event delivered three times exactly once', async () => {
    const event = credited('acc-dup', 300);
    const value = JSON.stringify(event);
    await h.producer.send({
      topic: h.topic,
      messages: [
        { key: 'acc-dup', value },
        { key: 'acc-dup', value },
      ],
    });
    await h.producer.send({ topic: h.topic, messages: [{ key: 'acc-dup', value }] });
    await waitFor(async () => (await h.effects()).length === 1, { description: 'the credit' });
    const [{ n }] = await h.ds.query(
      `SELECT count(*)::int AS n FROM processed_event WHERE event_id = $1`,
      [event.id],
    );
    expect(n).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await h.effects()).toEqual([{ event_id: event.id, account: 'acc-dup', amount: 300 }]);
  });

  it('dead-letters malformed and schema-invalid messages with the reason and goes on with the next', async () => {
    const invalid = { ...credited('acc-bad', 5), data: { account: 'acc-bad', amount: -5 } };
    const after = credited('acc-after', 7);
    await h.producer.send({
      topic: h.topic,
      messages: [
        { key: 'k1', value: '{not json' },
        { key: 'k1', value: JSON.stringify(invalid) },
        { key: 'k1', value: JSON.stringify(after) },
      ],
    });
    await waitFor(async () => (await h.effects()).some((e) => e.account === 'acc-after'), {
      description: 'the message after the bad ones',
    });
    const dlq = await h.readTopic(dlqTopicOf(h.topic), 2);
    const reasons = dlq.map((m) => header(m.headers, 'x-dlq-reason')!);
    expect(reasons[0]).toMatch(/^malformed: not JSON/);
    expect(reasons[1]).toMatch(/^schema-invalid: \/data\/amount must be >= 1/);
    for (const m of dlq) {
      expect(header(m.headers, 'x-original-topic')).toBe(h.topic);
      expect(header(m.headers, 'x-original-partition')).toMatch(/^\d+$/);
      expect(header(m.headers, 'x-original-offset')).toMatch(/^\d+$/);
      expect(header(m.headers, 'x-consumer-group')).toBe(`${h.prefix}ledger`);
    }
    // What nobody can read may hold anything: the dead letter keeps nothing of it (the original
    // stays on its topic at the offset named); a readable event without personal data stays whole.
    expect(dlq[0].value).toBeNull();
    expect(header(dlq[0].headers, 'x-dlq-redacted')).toBe('all');
    expect(JSON.parse(dlq[1].value!.toString())).toEqual(invalid);
    expect(header(dlq[1].headers, 'x-dlq-redacted')).toBe('none');
    expect((await h.effects()).some((e) => e.account === 'acc-bad')).toBe(false);
  });

  it('dead-letters an event the handler rejects at once, without retrying, and applies its neighbours', async () => {
    const before = credited('acc-before', 1);
    const rejected = credited('closed', 1);
    const after = credited('acc-after-rejected', 1);
    await h.producer.send({
      topic: h.topic,
      messages: [before, rejected, after].map((e) => ({ key: 'k2', value: JSON.stringify(e) })),
    });
    await waitFor(async () => (await h.effects()).some((e) => e.account === 'acc-after-rejected'), {
      description: 'the event after the rejected one',
    });
    expect((await h.effects()).some((e) => e.account === 'acc-before')).toBe(true);
    const dlq = await h.readTopic(dlqTopicOf(h.topic), 3);
    const parked = dlq.find((m) => m.value?.toString().includes(rejected.id))!;
    expect(header(parked.headers, 'x-dlq-reason')).toBe(
      'rejected: account closed: credits are refused',
    );
    expect(header(parked.headers, 'x-dlq-reason-kind')).toBe('rejected');
  });

  it('retries a failing handler, then dead-letters the event without blocking the partition', async () => {
    const poison = credited('poison', 1);
    const next = credited('acc-next', 9);
    await h.producer.send({
      topic: h.topic,
      messages: [
        { key: 'same-key', value: JSON.stringify(poison) },
        { key: 'same-key', value: JSON.stringify(next) },
      ],
    });
    await waitFor(async () => (await h.effects()).some((e) => e.account === 'acc-next'), {
      description: 'the event after the poison one',
    });
    const dlq = await h.readTopic(dlqTopicOf(h.topic), 4);
    const poisoned = dlq.find((m) => m.value?.toString().includes(poison.id))!;
    expect(header(poisoned.headers, 'x-dlq-reason')).toBe(
      'handler-failed: cannot credit the poison account (after 3 attempts)',
    );
    // Its processed-event row rolled back with the failed effects: a replay from the DLQ can apply it.
    const [{ n }] = await h.ds.query(
      `SELECT count(*)::int AS n FROM processed_event WHERE event_id = $1`,
      [poison.id],
    );
    expect(n).toBe(0);
  });

  it('applies a batch chunk after chunk, never two at once, in offset order around a bad message', async () => {
    // While one chunk's transaction runs, the consumer parses the next (libs/messaging overlaps
    // the two); the handler must still see the chunks one at a time and in order.
    const calls: string[][] = [];
    let running = 0;
    let overlapped = false;
    const handler: EventHandler = async (batch, tx) => {
      if (++running > 1) overlapped = true;
      await tx.query('SELECT pg_sleep(0.02)');
      // The group reads the topic from the beginning: earlier tests' events come first.
      const mine = batch
        .map((e) => creditOf(e.event.data).account)
        .filter((a) => a.startsWith('acc-chunk-'));
      if (mine.length) calls.push(mine);
      running--;
    };
    await h.consumer(handler, `${h.prefix}chunks`, { chunkSize: 4 });
    const events = Array.from({ length: 30 }, (_, i) => credited(`acc-chunk-${i}`, 1));
    const messages = events.map((e) => ({ key: 'one-partition', value: JSON.stringify(e) }));
    messages.splice(13, 0, { key: 'one-partition', value: '{not json' });
    await h.producer.send({ topic: h.topic, messages });
    await waitFor(() => calls.flat().length === 30, { description: 'the 30 good events' });
    expect(overlapped).toBe(false);
    expect(calls.flat()).toEqual(events.map((_, i) => `acc-chunk-${i}`));
    expect(Math.max(...calls.map((c) => c.length))).toBe(4);
    // The bad message ends the chunk before it: events 12 and 13 are never applied together.
    expect(calls.some((c) => c.includes('acc-chunk-12') && c.includes('acc-chunk-13'))).toBe(false);
  });

  // Last: its events also reach the suite's ledger consumer (same topic).
  it('commits the group offsets to Kafka after applying, so a restarted consumer resumes where it stopped', async () => {
    const group = `${h.prefix}resume`;
    const seen: string[] = [];
    const handler: EventHandler = async (batch) => {
      for (const e of batch) seen.push(e.event.id);
    };
    const first = await h.consumer(handler, group);
    const events = Array.from({ length: 5 }, (_, i) => credited(`acc-resume-${i}`, 10 + i));
    await h.producer.send({
      topic: h.topic,
      messages: events.map((e) => ({ key: e.subjectId!, value: JSON.stringify(e) })),
    });
    await waitFor(() => events.every((e) => seen.includes(e.id)), { description: 'five events' });
    const admin = h.kafka.admin();
    await admin.connect();
    try {
      const committed = async () =>
        (await admin.fetchOffsets({ groupId: group, topics: [h.topic] }))[0].partitions.reduce(
          (sum, p) => sum + Math.max(0, Number(p.offset)),
          0,
        );
      const latest = (await admin.fetchTopicOffsets(h.topic)).reduce(
        (sum, p) => sum + Number(p.high),
        0,
      );
      await waitFor(async () => (await committed()) === latest, {
        description: 'offsets committed up to the end of the topic',
      });
      await first.stop();
      // A new consumer of the same group reads only what came after.
      seen.length = 0;
      const second = await h.consumer(handler, group);
      const later = credited('acc-resume-later', 99);
      await h.producer.send({
        topic: h.topic,
        messages: [{ key: later.subjectId!, value: JSON.stringify(later) }],
      });
      await waitFor(() => seen.includes(later.id), { description: 'the later event' });
      expect(seen).toEqual([later.id]);
      await second.stop();
    } finally {
      await admin.disconnect();
    }
  });
});

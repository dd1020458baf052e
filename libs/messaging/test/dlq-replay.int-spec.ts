import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Admin } from 'kafkajs';
import { dlqTopicOf, newEvent } from '@qn/contracts';
import { kafkaBrokers, kafkaClientEnv, sleep, TestPrincipals, waitFor } from '@qn/testing';
import { EventHandler, RejectedEventError, ReplayReport } from '../src';
import { credited, creditOf, Harness } from './harness';

const pupilCredited = (account: string, amount: number, pupilName: string) =>
  newEvent({
    type: 'test.ledger.pupil-credited',
    version: 1,
    source: 'test',
    subjectId: account,
    data: { account, amount, pupilName },
  });

/**
 * The replay CLI as an operator runs it (built: `npm run build`), against the real broker; the
 * suite's consumer applies what it republishes.
 */
describe('dlq-replay CLI', () => {
  const h = new Harness();
  // An event type with a child's personal data: its dead letters are redacted.
  h.catalog.addEvent({
    type: 'test.ledger.pupil-credited',
    version: 1,
    topic: 'test.ledger.v1',
    description: 'a pupil account was credited',
    personalData: true,
    schema: {
      type: 'object',
      required: ['account', 'amount', 'pupilName'],
      additionalProperties: false,
      properties: {
        account: { type: 'string', minLength: 1 },
        amount: { type: 'integer', minimum: 1 },
        pupilName: { type: 'string', minLength: 1 },
      },
    },
  });
  const groupBase = `${h.prefix}dlq-replay`;
  let admin: Admin;

  /** Rejects credits to a closed account: the condition the test then fixes. */
  const handler: EventHandler = async (events, tx) => {
    for (const e of events) {
      const d = creditOf(e.event.data);
      const closed = (await tx.query(`SELECT 1 FROM closed_account WHERE account = $1`, [
        d.account,
      ])) as unknown[];
      if (closed.length) throw new RejectedEventError('account closed');
      await tx.query(`INSERT INTO ledger_effect (event_id, account, amount) VALUES ($1, $2, $3)`, [
        e.event.id,
        d.account,
        d.amount,
      ]);
      if (d.pupilName)
        await tx.query(`INSERT INTO pupil_credit (event_id, pupil_name) VALUES ($1, $2)`, [
          e.event.id,
          d.pupilName,
        ]);
    }
  };

  const cli = join(__dirname, '../dist/cli/dlq-replay.js');
  const replay = async (...args: string[]) => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [cli, 'test.ledger.v1', ...args],
      {
        env: {
          PATH: process.env.PATH,
          KAFKA_BROKERS: kafkaBrokers().join(','),
          TOPIC_PREFIX: h.prefix,
          ...kafkaClientEnv(TestPrincipals.admin),
        },
      },
    );
    return { report: JSON.parse(stdout) as ReplayReport, stderr };
  };
  const highs = async (topic: string) =>
    (await admin.fetchTopicOffsets(topic)).map((p) => `${p.partition}:${p.high}`).sort();
  const replayGroupOffsets = async () =>
    Promise.all(
      ['rejected', 'handler-failed'].map(async (k) =>
        (
          await admin.fetchOffsets({ groupId: `${groupBase}.${k}`, topics: [dlqTopicOf(h.topic)] })
        )[0].partitions.map((p) => p.offset),
      ),
    );

  beforeAll(async () => {
    await h.setUp();
    await h.ds.query(`CREATE TABLE closed_account (account text PRIMARY KEY)`);
    await h.ds.query(
      `CREATE TABLE pupil_credit (event_id uuid NOT NULL, pupil_name text NOT NULL)`,
    );
    await h.ds.query(`INSERT INTO closed_account VALUES ('closed-1')`);
    admin = h.kafka.admin();
    await admin.connect();
    await h.consumer(handler);
  });
  afterAll(async () => {
    await admin
      ?.deleteGroups([`${groupBase}.rejected`, `${groupBase}.handler-failed`])
      .catch(() => undefined);
    await admin?.disconnect();
    await h.tearDown();
  });

  it('replays a rejected event once after the fix, from the original when the dead letter is redacted; --dry-run changes nothing; a second run replays nothing', async () => {
    const plain = credited('closed-1', 5);
    const pupil = pupilCredited('closed-1', 7, 'Nguyễn Văn An');
    const expired = pupilCredited('closed-1', 9, 'Trần Thị Bình');
    const ok = credited('open-1', 1);
    const send = async (partition: number, value: string) =>
      (await h.producer.send({ topic: h.topic, acks: -1, messages: [{ partition, value }] }))[0];
    await send(0, JSON.stringify(plain));
    await send(0, JSON.stringify(pupil));
    await send(0, JSON.stringify(ok));
    const expiredAt = await send(1, JSON.stringify(expired));
    await send(2, '{not json');

    const dlq = await h.readTopic(dlqTopicOf(h.topic), 4);
    const pupilLetter = dlq.find((m) => m.value?.toString().includes(pupil.id))!;
    expect(pupilLetter.headers?.['x-dlq-redacted']?.toString()).toBe('data');
    expect(JSON.parse(pupilLetter.value!.toString()).data).toBeUndefined();
    // The good event after them is applied (its commit may come after the last dead letter).
    await waitFor(async () => (await h.effects()).length > 0, { description: 'the good event' });
    expect((await h.effects()).map((e) => e.event_id)).toEqual([ok.id]);
    // Retention drops the original of one of them (the admin client needs the topic's leaders).
    await admin.fetchTopicMetadata({ topics: [h.topic] });
    await admin.deleteTopicRecords({
      topic: h.topic,
      partitions: [{ partition: 1, offset: (BigInt(expiredAt.baseOffset!) + 1n).toString() }],
    });

    // The fix.
    await h.ds.query(`DELETE FROM closed_account`);

    const topicBefore = await highs(h.topic);
    const dry = await replay('--dry-run');
    expect(dry.report).toMatchObject({
      dryRun: true,
      read: 4,
      replayed: 2,
      fromOriginal: 1,
      replayedByKind: { rejected: 2 },
      skipped: { 'original expired': 1, 'kind not selected: malformed': 1 },
    });
    expect(dry.stderr).toContain('dry run: nothing published or committed');
    await sleep(500);
    expect(await highs(h.topic)).toEqual(topicBefore);
    expect(await replayGroupOffsets()).toEqual([['-1'], ['-1']]);
    expect((await h.effects()).map((e) => e.event_id)).toEqual([ok.id]);

    const run = await replay();
    expect(run.report).toMatchObject({
      dryRun: false,
      read: 4,
      replayed: 2,
      fromOriginal: 1,
      skipped: { 'original expired': 1, 'kind not selected: malformed': 1 },
    });
    expect(run.stderr).toMatch(/read 4, replayed 2 \(1 from the original message\), skipped 2/);
    // Never the events' content on the operator's screen.
    expect(run.stderr).not.toContain('Nguyễn');
    await waitFor(async () => (await h.effects()).length === 3, { description: 'the replays' });
    await sleep(500);
    const effects = await h.effects();
    expect(effects.map((e) => e.event_id).sort()).toEqual([plain.id, pupil.id, ok.id].sort());
    // The redacted dead letter's event arrived whole: read again from its original offset.
    expect(await h.ds.query(`SELECT event_id, pupil_name FROM pupil_credit`)).toEqual([
      { event_id: pupil.id, pupil_name: 'Nguyễn Văn An' },
    ]);

    const again = await replay();
    expect(again.report).toMatchObject({ read: 0, replayed: 0, skipped: {} });
    // Another kind has its own position: malformed dead letters are still there for it.
    const malformed = await replay('--reason', 'malformed', '--dry-run');
    expect(malformed.report).toMatchObject({
      read: 4,
      replayed: 1,
      replayedByKind: { malformed: 1 },
    });
    await sleep(500);
    expect((await h.effects()).length).toBe(3);
  });
});

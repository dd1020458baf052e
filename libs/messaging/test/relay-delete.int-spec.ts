import { waitFor } from '@qn/testing';
import { credited, Harness } from './harness';

/**
 * The relay's own failures never publish an envelope twice: PostgreSQL refuses the delete after
 * the broker acknowledged (a trigger raising an error, real statements on a real database), and
 * every envelope id is on the topic exactly once.
 */
describe('outbox relay when deleting published rows fails', () => {
  const h = new Harness();
  beforeAll(() => h.setUp());
  afterAll(() => h.tearDown());

  /** Makes the next `times` deletes from the outbox fail; a sequence counts them (it survives the rollback). */
  async function failDeletes(times: number): Promise<void> {
    await h.ds.query(`DROP TRIGGER IF EXISTS outbox_delete_fails ON outbox`);
    await h.ds.query(`DROP SEQUENCE IF EXISTS outbox_delete_attempt`);
    await h.ds.query(`CREATE SEQUENCE outbox_delete_attempt`);
    await h.ds.query(`
      CREATE OR REPLACE FUNCTION outbox_delete_fails() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('outbox_delete_attempt') <= ${times} THEN
          RAISE EXCEPTION 'outbox delete refused for the test';
        END IF;
        RETURN NULL;
      END $$`);
    await h.ds.query(`
      CREATE TRIGGER outbox_delete_fails BEFORE DELETE ON outbox
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_delete_fails()`);
  }

  const deleteAttempts = async (): Promise<number> => {
    const [{ n }] = await h.ds.query(
      `SELECT CASE WHEN is_called THEN last_value ELSE 0 END::int AS n FROM outbox_delete_attempt`,
    );
    return n;
  };

  /** Messages on the suite's topic: the sum of its partitions' high watermarks (no transactions, so no markers). */
  async function messagesOnTopic(): Promise<number> {
    const admin = h.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(h.topic);
      return offsets.reduce((sum, p) => sum + Number(p.high), 0);
    } finally {
      await admin.disconnect();
    }
  }

  async function expectEachOnce(ids: string[]): Promise<void> {
    expect(await messagesOnTopic()).toBe(ids.length);
    const messages = await h.readTopic(h.topic, ids.length);
    const onTopic = messages.map((m) => (JSON.parse(m.value!.toString()) as { id: string }).id);
    expect(onTopic.sort()).toEqual([...ids].sort());
  }

  it('retries only the delete, keeps its lock, publishes later rows meanwhile, and sends each envelope once', async () => {
    await failDeletes(3);
    const first = Array.from({ length: 5 }, (_, i) => credited(`acc-${i}`, i + 1));
    await h.ds.transaction((tx) => h.writer().enqueue(tx, first));
    const relay = h.relay();
    relay.start();
    await waitFor(() => relay.isLeader, { description: 'the relay to take the lock' });
    // A standby instance of the same service: it must not take over the rows sent but not deleted.
    const standby = h.relay();
    standby.start();
    // The first batch is on Kafka and its delete was refused...
    await waitFor(async () => (await deleteAttempts()) >= 1, {
      description: 'the first delete to fail',
    });
    // ...and rows committed meanwhile are published while the refused ones are left out.
    const later = Array.from({ length: 4 }, (_, i) => credited(`acc-later-${i}`, i + 1));
    await h.ds.transaction((tx) => h.writer().enqueue(tx, later));
    await waitFor(async () => (await h.outboxCount()) === 0, {
      description: 'the outbox to drain once the delete succeeds',
    });
    expect(await deleteAttempts()).toBeGreaterThan(3);
    expect(relay.undeleted).toBe(0);
    expect(standby.isLeader).toBe(false);
    await standby.stop();
    await relay.stop();
    await expectEachOnce([...first, ...later].map((e) => e.id));
  });
});

import { EventValidationError, newEvent } from '@qn/contracts';
import { waitFor } from '@qn/testing';
import { DataSource } from 'typeorm';
import { credited, Harness } from './harness';

describe('messaging against real Kafka and PostgreSQL', () => {
  const h = new Harness();
  beforeAll(() => h.setUp());
  afterAll(() => h.tearDown());

  it('refuses an event that fails its schema before it reaches the outbox or Kafka', async () => {
    const bad = newEvent({
      type: 'test.ledger.credited',
      version: 1,
      source: 'test',
      subjectId: 'acc-x',
      data: { account: 'acc-x', amount: 1.5 },
    });
    await expect(
      h.ds.transaction(async (tx) => {
        await tx.query(`INSERT INTO ledger_effect VALUES ($1, 'business-row', 1)`, [bad.id]);
        await h.writer().enqueue(tx, bad);
      }),
    ).rejects.toThrow(EventValidationError);
    // The business row rolled back with it: nothing half-done.
    expect(await h.outboxCount()).toBe(0);
    expect(await h.effects()).toEqual([]);
  });

  it('publishes an event committed while no relay ran (relay killed before publishing), with exactly one effect', async () => {
    const event = credited('acc-1', 100);
    // The business transaction commits; the relay is down, so the row waits in the outbox.
    await h.ds.transaction((tx) => h.writer().enqueue(tx, event));
    expect(await h.outboxCount()).toBe(1);
    await h.consumer();
    // "Restart": a new relay drains what was committed.
    const relay = h.relay();
    relay.start();
    await waitFor(async () => (await h.effects()).length === 1, {
      description: 'the credit to be applied',
    });
    await waitFor(async () => (await h.outboxCount()) === 0, {
      description: 'the outbox to drain',
    });
    expect(await h.effects()).toEqual([{ event_id: event.id, account: 'acc-1', amount: 100 }]);
    await relay.stop();
  });

  it('republishes after a crash between publish and delete, and the consumer applies it once', async () => {
    const event = credited('acc-2', 200);
    await h.ds.transaction((tx) => h.writer().enqueue(tx, event));
    // A relay whose delete never happens: the process "dies" right after Kafka acknowledged.
    const crashing = new Proxy(h.ds, {
      get(target, prop, receiver) {
        if (prop === 'query') {
          return (sql: string, params?: unknown[]) => {
            if (sql.startsWith('DELETE FROM outbox'))
              return Promise.reject(new Error('killed after publish'));
            return target.query(sql, params);
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    }) as DataSource;
    // The failed delete is only remembered in memory (see relay-delete.int-spec.ts)...
    const crashed = h.relay(h.producer, crashing);
    await expect(crashed.drainOnce()).resolves.toBe(1);
    expect(crashed.undeleted).toBe(1);
    expect(await h.outboxCount()).toBe(1);
    // ...which the crash loses: after restart, published a second time, then deleted.
    await h.relay().drainOnce();
    expect(await h.outboxCount()).toBe(0);
    const onTopic = await h.readTopic(h.topic, 3);
    expect(onTopic.filter((m) => JSON.parse(m.value!.toString()).id === event.id)).toHaveLength(2);
    await waitFor(async () => (await h.effects()).some((e) => e.account === 'acc-2'), {
      description: 'acc-2 credit',
    });
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.effects()).filter((e) => e.account === 'acc-2')).toHaveLength(1);
  });
});

import { waitFor } from '@qn/testing';
import { credited, creditOf, Harness } from './harness';

describe('outbox relay keeps per-key order under concurrent writers', () => {
  const h = new Harness();
  beforeAll(() => h.setUp());
  afterAll(() => h.tearDown());

  it('delivers each key’s events in the order they were committed, across partitions', async () => {
    const applied: Array<{ account: string; amount: number }> = [];
    await h.consumer(async (events, tx) => {
      for (const e of events) {
        const d = creditOf(e.event.data);
        await tx.query(
          `INSERT INTO ledger_effect (event_id, account, amount) VALUES ($1, $2, $3)`,
          [e.event.id, d.account, d.amount],
        );
        applied.push(d);
      }
    });
    h.relay().start();
    const keys = ['acc-a', 'acc-b', 'acc-c', 'acc-d', 'acc-e', 'acc-f'];
    const perKey = 40;
    // One writer per key commits its events one after another; the writers run at once.
    await Promise.all(
      keys.map(async (account) => {
        for (let seq = 1; seq <= perKey; seq++)
          await h.ds.transaction((tx) => h.writer().enqueue(tx, credited(account, seq)));
      }),
    );
    await waitFor(async () => (await h.effects()).length === keys.length * perKey, {
      timeoutMs: 30000,
      description: 'all events applied',
    });
    for (const account of keys) {
      expect(applied.filter((a) => a.account === account).map((a) => a.amount)).toEqual(
        Array.from({ length: perKey }, (_, i) => i + 1),
      );
    }
  });
});

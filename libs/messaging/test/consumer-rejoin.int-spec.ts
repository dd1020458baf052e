import { waitFor } from '@qn/testing';
import type { EventHandler } from '../src';
import { credited, creditOf, Harness } from './harness';

/**
 * A member the group coordinator dropped (its handler outlived the session timeout, so no
 * heartbeat) finds its commit refused ("the coordinator is not aware of this member"). Kafka
 * calls that non-retriable and KafkaJS stops such a consumer for good: the service would then
 * stay up reading nothing. The consumer rejoins the group instead and goes on; what it had
 * applied comes back once and processed_event makes it a no-op.
 */
describe('a consumer dropped from its group rejoins and goes on', () => {
  const h = new Harness();
  beforeAll(() => h.setUp());
  afterAll(() => h.tearDown());

  it('keeps consuming after its member was dropped during a slow batch, applying each event once', async () => {
    const applied: string[] = [];
    let slowed = false;
    const handler: EventHandler = async (batch, tx) => {
      for (const e of batch) {
        if (creditOf(e.event.data).account === 'acc-slow' && !slowed) {
          slowed = true;
          // Longer than the session timeout (6 s): the coordinator drops the member meanwhile.
          await new Promise((r) => setTimeout(r, 9000));
        }
        await h.recordCredit([e], tx);
        applied.push(creditOf(e.event.data).account);
      }
    };
    const consumer = await h.consumer(handler, `${h.prefix}rejoin`);
    const slow = credited('acc-slow', 1);
    await h.producer.send({
      topic: h.topic,
      messages: [{ key: 'acc-slow', value: JSON.stringify(slow) }],
    });
    await waitFor(() => slowed, { description: 'the slow batch' });
    await new Promise((r) => setTimeout(r, 10000));
    const after = credited('acc-after', 2);
    await h.producer.send({
      topic: h.topic,
      messages: [{ key: 'acc-after', value: JSON.stringify(after) }],
    });
    await waitFor(() => applied.includes('acc-after'), {
      timeoutMs: 60000,
      description: 'the event sent after the member was dropped',
    });
    expect(consumer.isRunning()).toBe(true);
    // Each credited once, though the slow one was delivered again after the rejoin.
    expect((await h.effects()).map((e) => e.account)).toEqual(['acc-after', 'acc-slow']);
  }, 120000);
});

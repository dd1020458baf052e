/** What reached Kafka: the applications topic read to its end. */
import { EventTypes, prefixedTopic, Topics } from '@qn/contracts';
import { testKafka, TestPrincipals, waitFor } from '@qn/testing';

/** Reads the applications topic to its end: distinct applications recorded, messages, unknown ids. */
export async function readRecorded(
  prefix: string,
  known: Set<string>,
): Promise<{ distinctRecorded: number; messages: number; unknown: number }> {
  const topic = prefixedTopic(prefix, Topics.enrollmentApplications);
  const kafka = testKafka('bench-reader', TestPrincipals.admin, { retry: undefined });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const expected = offsets.reduce((t, p) => t + Number(p.high) - Number(p.low), 0);
  const recorded = new Set<string>();
  let messages = 0;
  let unknown = 0;
  if (expected > 0) {
    const consumer = kafka.consumer({
      groupId: `${prefix}bench-reader`,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            messages++;
            const e = JSON.parse(m.value!.toString()) as {
              type: string;
              data: { applicationId?: string };
            };
            if (e.type !== EventTypes.applicationRecorded.type) continue;
            const id = e.data.applicationId ?? '';
            if (!known.has(id)) unknown++;
            recorded.add(id);
          }
        },
      });
      await waitFor(() => messages >= expected, {
        timeoutMs: 60_000,
        description: `${expected} messages on ${topic}`,
      });
    } finally {
      await consumer.disconnect();
    }
  }
  return { distinctRecorded: recorded.size, messages, unknown };
}

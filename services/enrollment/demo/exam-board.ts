/**
 * The demo's exam board (hội đồng thi): publishes the grade-10 entrance exam scores as
 * `enrollment.exam-scores.published` on the exam-score intake topic, connected to Kafka as its
 * own principal (`demo-exam-board`, allowed to write that topic only; the source enrollment
 * trusts through TRUSTED_EXAM_BOARDS).
 * Environment: KAFKA_BROKERS, TOPIC_PREFIX, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME,
 * KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE (scripts/platform.sh passes the local broker's),
 * DEMO_EXAM_BOARD (demo-exam-board).
 */
import { readFileSync } from 'node:fs';
import { EventTypes, newEvent, prefixedTopic, Topics } from '@qn/contracts';
import { createKafka, KafkaSettings } from '@qn/messaging';
import type { DemoExamCandidate } from './demo-demand';

/** The board's Kafka settings from the environment, or undefined when KAFKA_BROKERS is unset. */
export function examBoardKafka(env: NodeJS.ProcessEnv = process.env): KafkaSettings | undefined {
  if (!env.KAFKA_BROKERS) return undefined;
  const mechanism = env.KAFKA_SASL_MECHANISM as 'scram-sha-512' | undefined;
  const password = env.KAFKA_SASL_PASSWORD_FILE
    ? readFileSync(env.KAFKA_SASL_PASSWORD_FILE, 'utf8').trim()
    : env.KAFKA_SASL_PASSWORD;
  return {
    brokers: env.KAFKA_BROKERS.split(','),
    clientId: env.KAFKA_SASL_USERNAME ?? 'demo-exam-board',
    topicPrefix: env.TOPIC_PREFIX ?? '',
    ...(mechanism
      ? { sasl: { mechanism, username: env.KAFKA_SASL_USERNAME!, password: password ?? '' } }
      : {}),
  };
}

/** Publishes the scores in batches of 500 candidates; the batch ids make a re-run the same batches. */
export async function publishExamScores(
  settings: KafkaSettings,
  roundId: string,
  candidates: readonly DemoExamCandidate[],
  source = process.env.DEMO_EXAM_BOARD ?? 'demo-exam-board',
): Promise<number> {
  const producer = createKafka(settings).producer();
  await producer.connect();
  try {
    const events = [];
    for (let i = 0; i < candidates.length; i += 500) {
      const batchId = `demo-${roundId.slice(0, 8)}-${i / 500 + 1}`;
      events.push(
        newEvent({
          ...EventTypes.examScoresPublished,
          source,
          subjectId: batchId,
          data: {
            roundId,
            batchId,
            candidates: candidates
              .slice(i, i + 500)
              .map((c) => ({ ...c, scores: { ...c.scores } })),
            publishedAt: new Date().toISOString(),
          },
        }),
      );
    }
    await producer.send({
      topic: prefixedTopic(settings.topicPrefix, Topics.enrollmentExamScoreIntake),
      messages: events.map((e) => ({
        key: `${e.source}:${e.subjectId}`,
        value: JSON.stringify(e),
      })),
    });
    return events.length;
  } finally {
    await producer.disconnect();
  }
}

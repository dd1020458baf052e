import type { Kafka } from 'kafkajs';
import { kafkaClientSecurity, loadConfig, serviceConfigSchema } from '@qn/config';
import { createKafka } from '../kafka';

/**
 * The Kafka settings an operator's command line tool reads from the environment (brokers, topic
 * prefix, SASL and TLS, validated like a service's), and its client.
 */
export function cliKafka(
  clientId: string,
  log?: { warn: (m: string) => void; error: (m: string) => void },
): { config: { TOPIC_PREFIX: string }; kafka: Kafka } {
  const config = loadConfig(
    serviceConfigSchema.pick({
      KAFKA_BROKERS: true,
      TOPIC_PREFIX: true,
      KAFKA_SASL_MECHANISM: true,
      KAFKA_SASL_USERNAME: true,
      KAFKA_SASL_PASSWORD: true,
      KAFKA_SASL_PASSWORD_FILE: true,
      KAFKA_SSL: true,
      KAFKA_SSL_CA_FILE: true,
    }),
  );
  const kafka = createKafka(
    {
      brokers: config.KAFKA_BROKERS.split(',').map((b) => b.trim()),
      clientId,
      topicPrefix: config.TOPIC_PREFIX,
      ...kafkaClientSecurity(config),
    },
    log,
  );
  return { config, kafka };
}

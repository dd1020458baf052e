/**
 * Applies (or removes, or prints) the platform's Kafka ACLs for a TOPIC_PREFIX, derived from
 * the event catalogue of libs/contracts:
 *   node libs/messaging/dist/cli/kafka-acls.js apply|remove|print
 * Environment: KAFKA_BROKERS, TOPIC_PREFIX (""), KAFKA_OUTSIDE_PRINCIPALS
 * (`principal=role,…`, e.g. `demo-portal=admission-portal,demo-exam-board=exam-board`) and the
 * admin client's KAFKA_SASL_MECHANISM / KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD(_FILE) /
 * KAFKA_SSL / KAFKA_SSL_CA_FILE (a super user, or a principal allowed to alter ACLs).
 */
import { kafkaAccess, parseOutsidePrincipals, platformCatalog } from '@qn/contracts';
import { cliKafka } from './cli-kafka';
import { applyKafkaAcls, removeKafkaAcls } from '../kafka-acls';

async function main(): Promise<void> {
  const action = process.argv[2];
  if (!['apply', 'remove', 'print'].includes(action ?? '')) {
    console.error('usage: kafka-acls apply|remove|print');
    process.exit(2);
  }
  const { config, kafka } = cliKafka('qn-kafka-acls');
  const grants = kafkaAccess(platformCatalog, {
    prefix: config.TOPIC_PREFIX,
    outsidePrincipals: parseOutsidePrincipals(process.env.KAFKA_OUTSIDE_PRINCIPALS ?? ''),
  });
  if (action === 'print') {
    for (const g of grants)
      console.log(
        `User:${g.principal} ${g.operation} ${g.resourceType} ${g.patternType} ${g.name}`,
      );
    return;
  }
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (action === 'apply') await applyKafkaAcls(admin, grants);
    else await removeKafkaAcls(admin, grants);
  } finally {
    await admin.disconnect();
  }
  console.error(
    `[kafka-acls] ${action === 'apply' ? 'applied' : 'removed'} ${grants.length} ACLs for prefix '${config.TOPIC_PREFIX}'`,
  );
}

main().catch((err: Error) => {
  console.error(`[kafka-acls] ${err.message}`);
  process.exit(1);
});

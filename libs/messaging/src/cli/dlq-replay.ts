/**
 * Re-drives the dead letters of a topic after the fix that makes them applicable:
 *   node libs/messaging/dist/cli/dlq-replay.js <topic> [--dry-run] [--reason <kinds>|all]
 *     [--group <base>]
 * <topic> is the catalogue name without TOPIC_PREFIX (e.g. enrollment.application-intake.v1);
 * its dead letters are read from `<prefix><topic>.dlq`. --reason: comma-separated reason kinds
 * (default rejected,handler-failed; `all` adds malformed, schema-invalid, forbidden-source).
 * --group: base of the replay's consumer groups (default `<TOPIC_PREFIX>dlq-replay`).
 * Prints what it did on stderr and the report as JSON on stdout.
 * Environment: KAFKA_BROKERS, TOPIC_PREFIX ("") and the client's KAFKA_SASL_MECHANISM /
 * KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD(_FILE) / KAFKA_SSL / KAFKA_SSL_CA_FILE (a
 * principal that may read the DLQ and the original topic and write the original topic).
 */
import { parseArgs } from 'node:util';
import { prefixedTopic } from '@qn/contracts';
import { cliKafka } from './cli-kafka';
import { DEFAULT_REPLAY_KINDS, replayDeadLetters } from '../dlq-replay';

const ALL_KINDS = ['malformed', 'schema-invalid', 'forbidden-source', 'rejected', 'handler-failed'];
const USAGE =
  'usage: dlq-replay <topic> [--dry-run] [--reason rejected,handler-failed|all] [--group <base>]';

const parseCli = () =>
  parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      reason: { type: 'string' },
      group: { type: 'string' },
    },
  });

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli();
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    console.error(USAGE);
    process.exit(2);
  }
  const kinds =
    values.reason === undefined
      ? [...DEFAULT_REPLAY_KINDS]
      : values.reason === 'all'
        ? ALL_KINDS
        : values.reason.split(',').map((k) => k.trim());
  const unknown = kinds.filter((k) => !ALL_KINDS.includes(k));
  if (unknown.length) {
    console.error(`unknown reason kind ${unknown.join(', ')} (known: ${ALL_KINDS.join(', ')})`);
    process.exit(2);
  }
  const { config, kafka } = cliKafka('qn-dlq-replay', {
    warn: (m) => console.error(`[dlq-replay] ${m}`),
    error: (m) => console.error(`[dlq-replay] ${m}`),
  });
  const report = await replayDeadLetters({
    kafka,
    topic: prefixedTopic(config.TOPIC_PREFIX, positionals[0]),
    groupBase: values.group ?? `${config.TOPIC_PREFIX}dlq-replay`,
    kinds,
    dryRun: values['dry-run'],
  });
  const verb = report.dryRun ? 'would replay' : 'replayed';
  const skipped = Object.entries(report.skipped)
    .map(([why, n]) => `${n} ${why}`)
    .join(', ');
  console.error(
    `[dlq-replay] ${report.dlqTopic}${report.dryRun ? ' (dry run: nothing published or committed)' : ''}: ` +
      `read ${report.read}, ${verb} ${report.replayed} (${report.fromOriginal} from the original message), ` +
      `skipped ${Object.values(report.skipped).reduce((a, b) => a + b, 0)}${skipped ? ` (${skipped})` : ''}`,
  );
  console.log(JSON.stringify(report));
}

main().catch((err: Error) => {
  console.error(`[dlq-replay] ${err.message}`);
  process.exit(1);
});

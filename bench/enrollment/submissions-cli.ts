/**
 * CLI of the submission bench (see submissions-bench.ts and README.md):
 *   bash bench/enrollment/run.sh submissions [--connections 64] [--duration 20] [--warmup 5]
 *     [--amount N] [--schools 50] [--wards 6] [--families 200] [--no-baseline] [--no-waits]
 *     [--service-env KEY=VALUE ...] [--cpu-profile FILE] [--pg-socket DIR] [--pg-ceiling SECONDS] [--sweep 8,16,32] [--sweep-duration 8] [--json-only]
 * Exit status: 0 when every target and check passes, 1 otherwise (2 on a bench failure).
 * DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres), KAFKA_BROKERS
 * (127.0.0.1:9092) and REDIS_URL (redis://127.0.0.1:6379) name the infrastructure.
 */
import {
  defaultOptions,
  formatReport,
  jsonLine,
  runSubmissionsBench,
  SubmissionsBenchOptions,
} from './submissions-bench';
import { serviceEnvArg } from '@qn/testing';

function parse(argv: string[]): { options: Partial<SubmissionsBenchOptions>; jsonOnly: boolean } {
  const options: Partial<SubmissionsBenchOptions> = {};
  const serviceEnv: Record<string, string> = {};
  let jsonOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a number`);
      return v;
    };
    switch (a) {
      case '--connections':
        options.connections = num();
        break;
      case '--duration':
        options.durationSec = num();
        break;
      case '--warmup':
        options.warmupSec = num();
        break;
      case '--amount':
        options.amount = num();
        break;
      case '--schools':
        options.schools = num();
        break;
      case '--wards':
        options.wards = num();
        break;
      case '--families':
        options.families = num();
        break;
      case '--target-rps':
        options.targetRps = num();
        break;
      case '--target-p99':
        options.targetP99Ms = num();
        break;
      case '--no-baseline':
        options.baseline = false;
        break;
      case '--no-waits':
        options.sampleWaits = false;
        break;
      case '--json-only':
        jsonOnly = true;
        break;
      case '--cpu-profile':
        options.cpuProfile = argv[++i];
        break;
      case '--pg-socket':
        options.pgSocketDir = argv[++i];
        break;
      case '--pg-ceiling':
        options.pgCeilingSec = num();
        break;
      case '--sweep':
        options.sweep = (argv[++i] ?? '')
          .split(',')
          .map(Number)
          .filter((n) => n > 0);
        break;
      case '--sweep-duration':
        options.sweepSec = num();
        break;
      case '--service-env': {
        const [key, value] = serviceEnvArg(argv[++i]);
        serviceEnv[key] = value;
        break;
      }
      case '-h':
      case '--help':
        process.stdout.write(
          `usage: run.sh submissions [--connections ${defaultOptions.connections}] [--duration ${defaultOptions.durationSec}] [--warmup ${defaultOptions.warmupSec}] [--amount N] [--schools ${defaultOptions.schools}] [--wards ${defaultOptions.wards}] [--families ${defaultOptions.families}] [--no-baseline] [--no-waits] [--service-env KEY=VALUE] [--cpu-profile FILE] [--pg-socket DIR] [--pg-ceiling SECONDS] [--sweep 8,16,32] [--sweep-duration 8] [--json-only]\n`,
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  if (Object.keys(serviceEnv).length) options.serviceEnv = serviceEnv;
  return { options, jsonOnly };
}

async function main(): Promise<void> {
  const { options, jsonOnly } = parse(process.argv.slice(2));
  // The admin URL on which createTestDatabase makes the bench's database.
  process.env.TEST_ADMIN_DATABASE_URL ??=
    process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  if (options.serviceEnv)
    process.stderr.write(
      `[bench:submissions] diagnostic service settings: ${JSON.stringify(options.serviceEnv)}\n`,
    );
  const result = await runSubmissionsBench(options);
  if (!jsonOnly) process.stdout.write(`${formatReport(result)}\n`);
  process.stdout.write(`${jsonLine(result)}\n`);
  process.exitCode = result.pass.all ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(
    `[bench:submissions] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(2);
});

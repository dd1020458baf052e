/**
 * CLI of the payments bench (see payments-bench.ts and README.md):
 *   bash bench/payments/run.sh [--connections 32] [--duration 20] [--warmup 5] [--amount N]
 *     [--students 2000] [--statement-lines 100000] [--no-baseline] [--json-only]
 * Exit status: 0 when every target and check passes, 1 otherwise (2 on a bench failure).
 */
import {
  defaultOptions,
  formatReport,
  PaymentsBenchOptions,
  runPaymentsBench,
} from './payments-bench';
import { serviceEnvArg } from '@qn/testing';

function parse(argv: string[]): { options: Partial<PaymentsBenchOptions>; jsonOnly: boolean } {
  const options: Partial<PaymentsBenchOptions> = {};
  let jsonOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a number`);
      return v;
    };
    if (a === '--connections') options.connections = num();
    else if (a === '--duration') options.durationSec = num();
    else if (a === '--warmup') options.warmupSec = num();
    else if (a === '--amount') options.amount = num();
    else if (a === '--students') options.students = num();
    else if (a === '--statement-lines') options.statementLines = num();
    else if (a === '--no-baseline') options.baseline = false;
    else if (a === '--service-env') {
      const [key, value] = serviceEnvArg(argv[++i]);
      options.serviceEnv = { ...options.serviceEnv, [key]: value };
    } else if (a === '--json-only') jsonOnly = true;
    else if (a === '--help') {
      console.error(
        'usage: bash bench/payments/run.sh [--connections N] [--duration S] [--warmup S] [--amount N] [--students N] [--statement-lines N] [--no-baseline] [--service-env KEY=VALUE] [--json-only]',
      );
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return { options, jsonOnly };
}

async function main(): Promise<number> {
  const { options, jsonOnly } = parse(process.argv.slice(2));
  const r = await runPaymentsBench({ ...defaultOptions, ...options });
  if (!jsonOnly) process.stderr.write(`\n${formatReport(r)}\n\n`);
  process.stdout.write(`${JSON.stringify(r)}\n`);
  return r.pass.all ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`[bench:payments] failed: ${err.stack ?? err.message}`);
    process.exit(2);
  },
);

/** The messaging bench's command line: options from arguments or the environment. */
import type { MessagingBenchOptions } from './options';

export function parseArgs(argv: string[]): MessagingBenchOptions & { quiet: boolean } {
  const env = process.env;
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [k, v] = a.includes('=')
      ? a.slice(2).split('=', 2)
      : [
          a.slice(2),
          argv[i + 1]?.startsWith('--') || argv[i + 1] === undefined ? 'true' : argv[++i],
        ];
    args.set(k, v);
  }
  const num = (arg: string, envName: string, def?: number) => {
    const raw = args.get(arg) ?? env[envName];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isFinite(n) || n <= 0)
      throw new Error(`--${arg} / ${envName} must be a positive number, got ${raw}`);
    return n;
  };
  if (args.has('help')) {
    console.log(`usage: messaging-bench [--events N] [--writers N] [--writer-threads N] [--rate N] [--partitions N] [--relay-batch N] [--linger MS] [--chunk N] [--keys N] [--warmup N] [--mode saturation|paced|both] [--no-baseline] [--no-drain] [--quiet]
env: BENCH_EVENTS BENCH_WRITERS BENCH_WRITER_THREADS BENCH_RATE BENCH_PARTITIONS BENCH_RELAY_BATCH BENCH_LINGER BENCH_CHUNK BENCH_KEYS BENCH_WARMUP BENCH_MODE BENCH_BASELINE=0 BENCH_DRAIN=0 DATABASE_URL KAFKA_BROKERS`);
    process.exit(0);
  }
  const mode = args.get('mode') ?? env.BENCH_MODE ?? 'both';
  if (!['both', 'saturation', 'paced'].includes(mode))
    throw new Error(`--mode must be saturation, paced or both`);
  const warmup = args.get('warmup') ?? env.BENCH_WARMUP;
  return {
    events: num('events', 'BENCH_EVENTS', 50000)!,
    writers: num('writers', 'BENCH_WRITERS', 32)!,
    writerThreads:
      (args.get('writer-threads') ?? env.BENCH_WRITER_THREADS) === undefined
        ? 1
        : Number(args.get('writer-threads') ?? env.BENCH_WRITER_THREADS),
    ratePerSecond: num('rate', 'BENCH_RATE'),
    partitions: num('partitions', 'BENCH_PARTITIONS'),
    relayBatchSize: num('relay-batch', 'BENCH_RELAY_BATCH'),
    relayLingerMs:
      (args.get('linger') ?? env.BENCH_LINGER) === undefined
        ? undefined
        : Number(args.get('linger') ?? env.BENCH_LINGER),
    consumerChunkSize: num('chunk', 'BENCH_CHUNK'),
    keys: num('keys', 'BENCH_KEYS'),
    warmupEvents: warmup === undefined ? undefined : Number(warmup),
    modes: mode === 'both' ? ['saturation', 'paced'] : [mode as 'saturation' | 'paced'],
    baseline: !args.has('no-baseline') && env.BENCH_BASELINE !== '0',
    drainRun: !args.has('no-drain') && env.BENCH_DRAIN !== '0',
    quiet: args.has('quiet'),
  };
}

#!/usr/bin/env bash
# Messaging bench: outbox → Kafka → idempotent consumer, end to end, next to raw kafkajs.
#   npm run bench:messaging                         defaults (50,000 events per run, 32 writers)
#   npm run bench:messaging -- --events 100000 --writers 24 --rate 4000
#   BENCH_EVENTS=20000 npm run bench:messaging
# Options (or env): --events (BENCH_EVENTS) --writers (BENCH_WRITERS) --writer-threads (BENCH_WRITER_THREADS,
#   default 1) --rate (BENCH_RATE, paced run) --partitions --relay-batch --linger --chunk --keys --warmup --mode saturation|paced|both
#   --no-baseline --no-drain --quiet; DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
#   KAFKA_BROKERS (default 127.0.0.1:9092). See bench/messaging/README.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
say() { printf '[bench:messaging] %s\n' "$*" >&2; }

say "building the workspace and the bench"
npx tsc -b tsconfig.build.json
npx tsc -p bench/messaging/tsconfig.json

brokers="${KAFKA_BROKERS:-127.0.0.1:9092}"
first="${brokers%%,*}"
if ! (exec 3<>"/dev/tcp/${first%:*}/${first##*:}") 2>/dev/null; then
  say "Kafka does not answer at $first; starting the local broker"
  KAFKA_PORT="${first##*:}" bash deploy/kafka/local-kafka.sh start
fi

db="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if ! npx node -e "const c=new (require('pg').Client)({connectionString:process.argv[1]});c.connect().then(()=>c.end()).catch(e=>{console.error(e.message);process.exit(1)})" "$db"; then
  say "PostgreSQL does not answer at $db (start it, or set DATABASE_URL to an admin URL)"
  exit 1
fi

say "running on $(nproc) CPU cores; the machine should be otherwise idle for meaningful figures"
exec npx node bench/messaging/dist/messaging/messaging-bench.js "$@"

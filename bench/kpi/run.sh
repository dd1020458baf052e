#!/usr/bin/env bash
# KPI aggregator bench: ingest, freshness at a fixed rate, cached query vs plain SQL GROUP BY, rebuild.
#   bash bench/kpi/run.sh                                  defaults (100,000 events, 2,000/s paced, 1,000 req/s)
#   bash bench/kpi/run.sh --events 1000000 --rate 2000 --query-rate 1000
#   BENCH_EVENTS=20000 bash bench/kpi/run.sh --no-rebuild
# Options (or env): --events (BENCH_EVENTS) --schools --rate (BENCH_RATE) --paced-seconds --query-rate
#   --query-seconds --chunk (projection chunk, default 2000) --no-rebuild; DATABASE_URL (admin URL,
#   default postgres://postgres@127.0.0.1:5432/postgres), KAFKA_BROKERS (default 127.0.0.1:9092),
#   REDIS_URL (default redis://127.0.0.1:6379). See bench/kpi/README.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
say() { printf '[bench:kpi] %s\n' "$*" >&2; }

say "building the workspace and the bench"
npx tsc -b tsconfig.build.json
npx tsc -p bench/kpi/tsconfig.json

brokers="${KAFKA_BROKERS:-127.0.0.1:9092}"
first="${brokers%%,*}"
if ! (exec 3<>"/dev/tcp/${first%:*}/${first##*:}") 2>/dev/null; then
  say "Kafka does not answer at $first; starting the local broker"
  KAFKA_PORT="${first##*:}" bash deploy/kafka/local-kafka.sh start
fi
export KAFKA_BROKERS="$brokers"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

say "running on $(nproc) CPU cores; the machine should be otherwise idle for meaningful figures"
exec npx node bench/kpi/dist/kpi/kpi-bench.js "$@"

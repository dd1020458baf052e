#!/usr/bin/env bash
# Payments benchmark (issue 5): gateway callbacks through the running payments service with
# autocannon (10% concurrent duplicates, zero double credits checked), next to a bare NestJS
# endpoint, then reconciliation of a 100,000-line bank statement. See README.md.
#   bash bench/payments/run.sh [--connections 32] [--duration 20] [--warmup 5] [--students 2000]
#     [--statement-lines 100000] [--no-baseline] [--service-env KEY=VALUE] [--json-only] [--help]
# Needs Kafka (KAFKA_BROKERS, default 127.0.0.1:9092), PostgreSQL (DATABASE_URL, an admin URL,
# default postgres://postgres@127.0.0.1:5432/postgres) and Redis (REDIS_URL). Exit status 0 =
# targets met and checks passed, 1 = not, 2 = error.
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf '[bench:payments] %s\n' "$*" >&2; }
say "building the payments service with its libraries and the bench"
npx --no-install tsc -b services/payments/tsconfig.build.json libs/testing/tsconfig.build.json
npx --no-install tsc -p bench/payments/tsconfig.json
say "running on $(nproc) CPU cores; load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine lowers the figures)"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning"
exec npx --no-install node bench/payments/dist/bench/payments/payments-cli.js "$@"

#!/usr/bin/env bash
# Records bench: close and sign term 2 of a province-shaped set of secondary classes through the
# real records service (demo CA, ES256, 3 signatures a học bạ), verify the signed records through
# the public API, and divide both rates by raw node:crypto ES256 in the same run. See README.md.
#   bash bench/records/run.sh                          3,000 learners, 2 classes signed at a time
#   BENCH_LEARNERS=390000 bash bench/records/run.sh    the province (seeding alone takes hours here)
#   bash bench/records/run.sh --learners 20000 --concurrency 4 --verify-seconds 20
#   bash bench/records/run.sh --smoke                  2 classes of 4 learners, in seconds
#   bash bench/records/run.sh --help
# Needs Kafka (KAFKA_BROKERS, default 127.0.0.1:9092), PostgreSQL (DATABASE_URL, an admin URL,
# default postgres://postgres@127.0.0.1:5432/postgres) and Redis (REDIS_URL). The bench makes a
# database, a Kafka topic prefix and a demo PKI of its own and removes them at the end.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
say() { printf '[bench:records] %s\n' "$*" >&2; }

say "building the records service with its libraries, its demo and the bench"
npx --no-install tsc -b services/records/tsconfig.build.json services/records/demo/tsconfig.build.json libs/testing/tsconfig.build.json
npx --no-install tsc -b bench/records/tsconfig.json
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning"
say "running on $(nproc) CPU cores; load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine lowers the figures)"
exec npx --no-install node --max-old-space-size=4096 bench/records/dist/bench/records/records-bench.js "$@"

#!/usr/bin/env bash
# Credentials bench: issue one graduating cohort's diplomas (W3C VC 2.0 / Open Badges 3.0,
# Data Integrity eddsa-rdfc-2022) through the real credentials service, verify them through the
# public API, and divide both rates by the raw cost of the same work in the same run (node:crypto
# Ed25519, RDF canonicalisation, the service's sign/verify functions in-process). See README.md.
#   bash bench/credentials/run.sh                       50,000 graduates (one cohort), 2 lists approved at a time
#   N=10000 bash bench/credentials/run.sh               another cohort size
#   bash bench/credentials/run.sh --graduates 10000 --concurrency 4 --verify-seconds 60
#   bash bench/credentials/run.sh --smoke               4 schools of 40, in seconds
#   bash bench/credentials/run.sh --help
# Needs Kafka (KAFKA_BROKERS, default 127.0.0.1:9092), PostgreSQL (DATABASE_URL, an admin URL,
# default postgres://postgres@127.0.0.1:5432/postgres) and Redis (REDIS_URL). The bench makes a
# database, a Kafka topic prefix and issuer keys of its own and removes them at the end; the
# JSON report goes to reports/ (git-ignored).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
say() { printf '[bench:credentials] %s\n' "$*" >&2; }

say "building the credentials service with its libraries and the bench"
npx --no-install tsc -b services/credentials/tsconfig.build.json libs/testing/tsconfig.build.json
npx --no-install tsc -b bench/credentials/tsconfig.json
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning"
say "running on $(nproc) CPU cores; load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine lowers the figures)"
exec npx --no-install node --max-old-space-size=4096 bench/credentials/dist/bench/credentials/credentials-bench.js "$@"

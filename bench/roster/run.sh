#!/usr/bin/env bash
# Roster import bench: the demo province's schools (~375,000 learners; 390,000 by default, the
# first schools again as new ones) as XLSX workbooks through the enrollment import service
# in-process, then a plain PostgreSQL COPY of the same rows as the baseline.
#   bash bench/roster/run.sh                      390,000 learners, 2 schools at a time
#   bash bench/roster/run.sh --learners 50000 --concurrency 4
#   bash bench/roster/run.sh --smoke              a few small schools, in seconds
# Env: DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres; the bench
# creates and drops a database of its own), BENCH_LEARNERS, BENCH_CONCURRENCY. See README.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
say() { printf '[bench:roster] %s\n' "$*" >&2; }

say "building the workspace and the bench"
npx tsc -b tsconfig.build.json
npx tsc -b bench/roster/tsconfig.json
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
say "running on $(nproc) CPU cores; the machine should be otherwise idle for meaningful figures"
exec npx node --max-old-space-size=4096 bench/roster/dist/bench/roster/roster-bench.js "$@"

#!/usr/bin/env bash
# Enrollment benchmarks.
#
# Default — province-sized admission assignment benchmark: compiles the assignment core and the
# bench with the workspace TypeScript, then runs it on the workspace Node (24).
#   bash bench/enrollment/run.sh [--applicants 60000] [--schools 400] [--runs 5] [--baseline-runs 3]
#
# `submissions` — application submissions through the HTTP API of the running enrollment service,
# with autocannon, next to a bare NestJS endpoint (issue 4; see README.md):
#   bash bench/enrollment/run.sh submissions [--connections 16] [--duration 20] [--warmup 5]
#     [--sweep 4,8,16] [--pg-ceiling 10] [--cpu-profile FILE] [--service-env KEY=VALUE] [--help]
#   Needs Kafka (started here when it does not answer), PostgreSQL (DATABASE_URL, an admin URL,
#   default postgres://postgres@127.0.0.1:5432/postgres) and Redis (REDIS_URL, default
#   redis://127.0.0.1:6379). Exit status 0 = targets met and checks passed, 1 = not, 2 = error.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ "${1:-}" == "submissions" ]]; then
  shift
  say() { printf '[bench:submissions] %s\n' "$*" >&2; }
  say "building the enrollment service with its libraries (it runs from services/enrollment/dist) and the bench"
  npx --no-install tsc -b services/enrollment/tsconfig.build.json libs/testing/tsconfig.build.json
  npx --no-install tsc -p bench/enrollment/tsconfig.submissions.json
  brokers="${KAFKA_BROKERS:-127.0.0.1:9092}"
  first="${brokers%%,*}"
  if ! (exec 3<>"/dev/tcp/${first%:*}/${first##*:}") 2>/dev/null; then
    say "Kafka does not answer at $first; starting the local broker"
    KAFKA_PORT="${first##*:}" bash deploy/kafka/local-kafka.sh start
  fi
  redis="${REDIS_URL:-redis://127.0.0.1:6379}"
  rhost="${redis#*://}"; rhost="${rhost##*@}"; rhost="${rhost%%/*}"
  if ! (exec 3<>"/dev/tcp/${rhost%:*}/${rhost##*:}") 2>/dev/null; then
    say "Redis does not answer at $rhost (start redis-server or set REDIS_URL)"
    exit 2
  fi
  db="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  if ! npx --no-install node -e "const c=new (require('pg').Client)({connectionString:process.argv[1]});c.connect().then(()=>c.end()).catch(e=>{console.error(e.message);process.exit(1)})" "$db"; then
    say "PostgreSQL does not answer at $db (start it, or set DATABASE_URL to an admin URL)"
    exit 2
  fi
  say "running on $(nproc) CPU cores; load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine lowers the figures)"
  export DATABASE_URL="$db" NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning"
  exec npx --no-install node bench/enrollment/dist/submissions/enrollment/submissions-cli.js "$@"
fi

npx --no-install tsc -p bench/enrollment/tsconfig.json
exec npx --no-install node bench/enrollment/dist/bench/enrollment/assignment-bench.js "$@"

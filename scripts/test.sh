#!/usr/bin/env bash
# The whole test suite: unit tests, integration tests against real Kafka, PostgreSQL and Redis,
# end-to-end tests of service processes. Installs what is missing first.
#   npm test                 everything (the fault suite last, alone: it kills the broker)
#   npm test -- libs/auth    a subset (Jest arguments; no fault suite)
#   npm run test:affected    the projects Nx's graph says a change reaches (uncommitted changes and
#                            commits since main; `-- --base=<rev>` for another base), no fault suite
source "$(dirname "$0")/lib.sh"
if [ "${1:-}" = "--affected" ]; then
  shift
  ensure_node_modules
  # A change in a library reaches every project that declares it (package.json dependencies and
  # devDependencies), so a changed test helper re-runs the tests that use it.
  roots=""
  for name in $(nx show projects --affected "$@"); do
    roots+=" $(dirname "$(grep -l "\"name\": \"$name\"" apps/*/project.json libs/*/project.json services/*/project.json tools/*/project.json)")"
  done
  # Libraries that libs/testing itself builds on cannot declare it (a build cycle), so their
  # suites that use it are added here when it changed.
  if [[ " $roots " == *" libs/testing "* ]]; then
    for lib in $(grep -l "@qn/testing" -r libs/*/test libs/*/src --include=*.ts | cut -d/ -f1-2 | sort -u); do
      [[ " $roots " == *" $lib "* ]] || roots+=" $lib"
    done
  fi
  if [ -z "$roots" ]; then say "no project is affected"; exit 0; fi
  say "affected:$roots"
  set -- $roots
fi
ensure_node_modules
ensure_postgres
ensure_redis
ensure_kafka
ensure_chromium
build
mkdir -p reports
say "running tests"
set +e
jest --json --outputFile=reports/jest.json "$@"
status=$?
results=(reports/jest.json)
if [ $# -eq 0 ]; then
  say "running the fault suite (alone: it kills processes, the broker, database sessions)"
  QN_FAULT_SUITE=1 jest --runInBand --json --outputFile=reports/faults.json e2e/faults || status=1
  results+=(reports/faults.json)
  # The broker may have been killed last: leave it running for whoever comes next.
  ensure_kafka
fi
set -e
node scripts/jest-summary.mjs "${results[@]}" || status=1
exit $status

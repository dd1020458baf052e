#!/usr/bin/env bash
# The whole test suite: unit tests, integration tests against real Kafka, PostgreSQL and Redis,
# end-to-end tests of service processes. Installs what is missing first.
#   npm test                 everything
#   npm test -- libs/auth    a subset (Jest arguments)
source "$(dirname "$0")/lib.sh"
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
set -e
node scripts/jest-summary.mjs reports/jest.json || status=1
exit $status

#!/usr/bin/env bash
# The long fault suite: bigger bursts, 16-second outages, every fault (kill -9 of each service,
# the broker killed, PostgreSQL sessions cut per service, Redis stalled and cut), then the table
# per fault (requests, acknowledged, effects, duplicates, lost, recovery time).
#   npm run faults
# It kills the local broker: run it when nothing else uses that broker.
source "$(dirname "$0")/lib.sh"
ensure_node_modules
ensure_postgres
ensure_redis
ensure_kafka
build
mkdir -p reports
say "running the long fault suite (several minutes)"
set +e
QN_FAULT_SUITE=1 FAULT_SCALE=long jest --runInBand e2e/faults "$@"
status=$?
set -e
ensure_kafka
[ -f reports/faults-long.md ] && cat reports/faults-long.md
exit $status

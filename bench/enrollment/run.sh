#!/usr/bin/env bash
# Province-sized admission assignment benchmark: compiles the assignment core and the bench with
# the workspace TypeScript, then runs it on the workspace Node (24).
#   bash bench/enrollment/run.sh [--applicants 60000] [--schools 400] [--runs 5] [--baseline-runs 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
npx --no-install tsc -p bench/enrollment/tsconfig.json
exec npx --no-install node bench/enrollment/dist/bench/enrollment/assignment-bench.js "$@"

#!/usr/bin/env bash
# Writes every HTTP service's OpenAPI document to docs/openapi/<service>.json (no Kafka,
# PostgreSQL or Redis needed: Nest's preview mode), then the web app's API types generated from
# them (apps/web/src/api/generated/). Unit tests fail while a committed file is stale.
#   npm run openapi
set -euo pipefail
cd "$(dirname "$0")/.."
npx nx run-many -t build --projects='tag:type:service' --output-style=static >&2
for cli in services/*/dist/cli/openapi.js; do
  node "$cli"
done
if [ -f apps/web/package.json ]; then
  npm run -s api-types --workspace apps/web
fi

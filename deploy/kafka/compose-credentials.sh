#!/usr/bin/env bash
# Kafka passwords for docker-compose.yml: one random password per principal in
# .local/kafka-credentials/<principal> (git-ignored), mounted as compose secrets. Run once
# before the first `docker compose up`; existing files are kept (the broker's volume was
# formatted with them: to change one, `docker compose down -v` deletes the Kafka volume too).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir="$root/.local/kafka-credentials"
principals="admin registry enrollment payments kpi-aggregator demo-portal demo-exam-board"
mkdir -p "$dir"; chmod 700 "$dir"
for p in $principals; do
  [ -s "$dir/$p" ] && continue
  od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$dir/$p"
  # Readable by the containers' users (uid 1000 in both images); the folder keeps others out.
  chmod 644 "$dir/$p"
done
echo "$dir"

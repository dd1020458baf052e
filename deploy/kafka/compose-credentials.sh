#!/usr/bin/env bash
# Credentials for docker-compose.yml, generated (git-ignored), run once before the first
# `docker compose up`; existing files are kept.
# - Kafka: one random password per principal in .local/kafka-credentials/<principal>, mounted
#   as compose secrets (the broker's volume was formatted with them: to change one,
#   `docker compose down -v` deletes the Kafka volume too).
# - PostgreSQL: each service's own DATABASE_URL (role qn_<schema>, a random password) in
#   .local/postgres-credentials/<service>.env: the service's env_file, and a secret of the
#   postgres-roles one-shot, which creates the roles (a changed password is applied at the next
#   `up`).
# - The demo identity provider's clients (deploy/identity/compose-clients.json names them): one
#   random secret per client in .local/identity-credentials/<client>, a compose secret of the
#   provider and of the client's container (the demo-loader). The demo users' passwords are not
#   made here: the demo-loader generates and prints them (they need the demo's org units).
# - The secrets compose interpolates (${VAR:?...}): enrollment's personal-id keys and payments'
#   gateway secrets, in .env beside docker-compose.yml (compose reads it by itself). Only missing
#   ones are added: the personal-id keys must never change once data is encrypted with them.
#   (No token secret: the services verify the identity provider's tokens against its JWKS.)
set -euo pipefail
random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir="$root/.local/kafka-credentials"
principals="admin registry enrollment payments kpi-aggregator records credentials demo-portal demo-exam-board"
mkdir -p "$dir"; chmod 700 "$dir"
for p in $principals; do
  [ -s "$dir/$p" ] && continue
  random_hex 24 > "$dir/$p"
  # Readable by the containers' users (uid 1000 in both images); the folder keeps others out.
  chmod 644 "$dir/$p"
done
echo "$dir"

pgdir="$root/.local/postgres-credentials"
services="registry enrollment payments kpi-aggregator records credentials"
mkdir -p "$pgdir"; chmod 700 "$pgdir"
for s in $services; do
  f="$pgdir/$s.env"
  [ -s "$f" ] && continue
  printf 'DATABASE_URL=postgres://qn_%s:%s@postgres:5432/qn\n' "${s//-/_}" \
    "$(random_hex 24)" > "$f"
  chmod 644 "$f"
done
echo "$pgdir"

iddir="$root/.local/identity-credentials"
clients="demo-loader"
mkdir -p "$iddir"; chmod 700 "$iddir"
for c in $clients; do
  [ -s "$iddir/$c" ] && continue
  random_hex 32 > "$iddir/$c"
  # Readable by the containers' user (uid 1000); the folder keeps others out.
  chmod 644 "$iddir/$c"
done
echo "$iddir"

envfile="$root/.env"
touch "$envfile"; chmod 600 "$envfile"
for k in PERSONAL_ID_HASH_KEY PERSONAL_ID_ENCRYPTION_KEY VNPAY_HASH_SECRET MOMO_SECRET_KEY; do
  grep -q "^$k=" "$envfile" && continue
  echo "$k=$(random_hex 32)" >> "$envfile"
done
echo "$envfile"

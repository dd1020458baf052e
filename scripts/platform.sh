#!/usr/bin/env bash
# Brings the whole platform up on this machine, without Docker:
#   npm start            (= scripts/platform.sh up)   install, start Kafka/PostgreSQL/Redis, build,
#                                                      migrate, start every service, load the demo
#                                                      province, start the web app, print the
#                                                      dashboard's URL (the web app's)
#   scripts/platform.sh down [--kafka]                stop the services (and the local broker)
#   scripts/platform.sh status
#   scripts/platform.sh followup                       the demo's follow-up in the foreground (`up`
#                                                      starts it in the background): once the demo
#                                                      rounds close, publish their results, enrol
#                                                      students, pay their invoices
#   DEMO_ROSTER_SCHOOLS=all scripts/platform.sh rosters  the demo rosters of every school (~374,000
#                                                      learners) on a running platform (`up` loads 40)
#   DEMO_RECORDS_SCHOOLS=all scripts/platform.sh records-demo  marks, conduct and signed học bạ of the
#                                                      secondary classes of every loaded roster school
#                                                      (`up` does 3); resumes where it stopped
#   scripts/platform.sh credentials-demo               graduation lists of those schools approved and
#                                                      their diplomas issued, one historic register
#                                                      digitised (`up` runs it after records-demo)
#   scripts/platform.sh reset                          stop everything and delete the local data:
#                                                      the broker's topics and the qn_platform
#                                                      database go together (offsets live in Kafka,
#                                                      the projections in PostgreSQL), and so do
#                                                      the platform's Redis keys
# State lives in .local/ (git-ignored): logs, pids, the generated secrets: .local/secrets.env
# holds what every service shares (the demo token signing secret, which verifies tokens), and
# .local/secrets/<service>.env what only that service gets (its DATABASE_URL with its own
# PostgreSQL role and password; enrollment's personal-id keys; payments' gateway secrets).
# Each service connects to PostgreSQL as its own role, owning only its schema (created by
# libs/persistence's provision-service-roles as the admin DATABASE_URL before they start), and to
# Kafka as its own principal (passwords with the local broker: deploy/kafka/local-kafka.sh
# credentials), with the ACLs (libs/contracts) applied before they start.
# With Docker, `docker compose up` runs the same stack (see README).
source "$(dirname "$0")/lib.sh"

SERVICES=("registry:3001" "enrollment:3002" "payments:3004" "kpi-aggregator:3005" "records:3006" "credentials:3007")
LOCAL="$ROOT/.local"
# The local population register enrollment's roster imports verify new people against (the
# demo roster loader writes every demo person into it before importing; enrollment rereads it).
IDENTITY_REGISTER_FILE=${IDENTITY_REGISTER_FILE:-$LOCAL/enrollment/population-register.csv}
# The admin's URL of the platform database (creates it and the services' roles); the services
# never get it.
ADMIN_DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/qn_platform}
unset DATABASE_URL
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
KAFKA_URL=${KAFKA_BROKERS:-127.0.0.1:9092}
# The outside publishers of the local demo and their roles (for the ACLs).
export KAFKA_OUTSIDE_PRINCIPALS=${KAFKA_OUTSIDE_PRINCIPALS:-demo-portal=admission-portal,demo-exam-board=exam-board}
# --- identity: OpenID Connect (issue 12) ----------------------------------------------------------
# A local/demo OpenID Provider (services/identity, oidc-provider) starts first. The services verify
# access tokens against its JWKS (no shared secret); the web app (apps/web) signs people in there with
# authorization code + PKCE; integration clients use client_credentials (.local/identity/clients.json).
# The demo loaders sign their tokens with the provider's own key (.local/identity/signing-key.pem,
# generated at first start, only on this machine). Another provider: set AUTH_JWKS_URL,
# AUTH_ISSUER and WEB_OIDC_ISSUER to its values (the local one still serves the demo loaders).
IDP_PORT=${IDP_PORT:-3010}
IDP_DIR="$LOCAL/identity"
IDP_ISSUER=${IDP_ISSUER:-http://127.0.0.1:$IDP_PORT}
export AUTH_ISSUER=${AUTH_ISSUER:-$IDP_ISSUER} AUTH_AUDIENCE=${AUTH_AUDIENCE:-qn-edu-platform}
export AUTH_JWKS_URL=${AUTH_JWKS_URL:-$IDP_ISSUER/jwks}
# The web app (apps/web: the officials' dashboard) and where it sends people to sign in.
WEB_PORT=${WEB_PORT:-3008}
WEB_OIDC_ISSUER=${WEB_OIDC_ISSUER:-$AUTH_ISSUER} WEB_OIDC_CLIENT_ID=${WEB_OIDC_CLIENT_ID:-qn-dashboard}
export AUTH_DEMO_SIGNING_KEY_FILE="$IDP_DIR/signing-key.pem"

start_identity() {
  mkdir -p "$LOCAL/run" "$LOCAL/logs" "$IDP_DIR"
  node services/identity/dist/cli/demo-setup.js clients "$IDP_DIR/clients.json"
  if running identity; then say "identity provider already running (pid $(pid_of identity))"; return; fi
  say "starting the identity provider (local demo OpenID Provider) on port $IDP_PORT"
  env PORT="$IDP_PORT" IDP_ISSUER="$IDP_ISSUER" IDP_KEY_FILE="$AUTH_DEMO_SIGNING_KEY_FILE" \
    IDP_USERS_FILE="$IDP_DIR/users.json" IDP_CLIENTS_FILE="$IDP_DIR/clients.json" \
    IDP_DASHBOARD_REDIRECT_URIS="${IDP_DASHBOARD_REDIRECT_URIS:-http://127.0.0.1:$WEB_PORT/,http://localhost:$WEB_PORT/}" \
    setsid node services/identity/dist/main.js >"$LOCAL/logs/identity.log" 2>&1 < /dev/null &
  echo $! > "$LOCAL/run/identity.pid"
  wait_ready identity "$IDP_PORT"
}
# --- end identity -----------------------------------------------------------------------------------

random_hex() { node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))'; }

# Secrets only one service gets, besides its DATABASE_URL.
own_secret_names() {
  case $1 in
    enrollment) echo PERSONAL_ID_HASH_KEY PERSONAL_ID_ENCRYPTION_KEY ;;
    payments) echo VNPAY_HASH_SECRET MOMO_SECRET_KEY ;;
  esac
}

# A service's DATABASE_URL: the admin URL's host and database, the service's role and password.
service_database_url() {
  node -e 'const u = new URL(process.argv[1]); u.username = process.argv[2]; u.password = process.argv[3]; console.log(u.toString())' \
    "$ADMIN_DATABASE_URL" "qn_${1//-/_}" "$2"
}

secrets() {
  mkdir -p "$LOCAL/secrets/postgres"; chmod 700 "$LOCAL/secrets" "$LOCAL/secrets/postgres"
  # Generated per machine, never committed, added one by one (older files gain new keys).
  # Shared: the demo's token signing secret (every service verifies tokens with it).
  touch "$LOCAL/secrets.env"; chmod 600 "$LOCAL/secrets.env"
  grep -q "^AUTH_HMAC_SECRET=" "$LOCAL/secrets.env" || echo "AUTH_HMAC_SECRET=$(random_hex)" >> "$LOCAL/secrets.env"
  local s name k old pw file
  for s in "${SERVICES[@]}"; do
    name=${s%%:*} file="$LOCAL/secrets/${s%%:*}.env"
    touch "$file"; chmod 600 "$file"
    for k in $(own_secret_names "$name"); do
      grep -q "^$k=" "$file" && continue
      # Kept from the shared file of an older checkout: the personal-id keys must never change
      # once data is encrypted with them.
      old=$(sed -n "s/^$k=//p" "$LOCAL/secrets.env" | tail -n1)
      echo "$k=${old:-$(random_hex)}" >> "$file"
    done
    pw="$LOCAL/secrets/postgres/$name"
    [ -s "$pw" ] || { (umask 077; random_hex > "$pw"); }
    { grep -v '^DATABASE_URL=' "$file" || true; echo "DATABASE_URL=$(service_database_url "$name" "$(cat "$pw")")"; } > "$file.new"
    chmod 600 "$file.new"; mv "$file.new" "$file"
  done
  # What moved into a service's own file leaves the shared one.
  sed -i -E '/^(PERSONAL_ID_HASH_KEY|PERSONAL_ID_ENCRYPTION_KEY|VNPAY_HASH_SECRET|MOMO_SECRET_KEY)=/d' "$LOCAL/secrets.env"
  set -a; source "$LOCAL/secrets.env"; set +a
}

# Each service's PostgreSQL role (qn_<service>, not superuser, a connection limit) owning its
# schema in the platform database, with the password of its DATABASE_URL; as the admin.
provision_roles() {
  say "provisioning the services' PostgreSQL roles"
  local args=() s
  for s in "${SERVICES[@]}"; do args+=("${s%%:*}=$LOCAL/secrets/${s%%:*}.env"); done
  DATABASE_URL=$ADMIN_DATABASE_URL node libs/persistence/dist/cli/provision-service-roles.js "${args[@]}"
}

create_database() {
  node -e '
    const { Client } = require("pg");
    const target = new URL(process.argv[1]); const db = target.pathname.slice(1);
    const admin = new URL(process.argv[1]); admin.pathname = "/postgres";
    (async () => {
      const c = new Client({ connectionString: admin.toString() }); await c.connect();
      const r = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [db]);
      if (!r.rowCount) { await c.query(`CREATE DATABASE "${db}"`); console.error(`[qn] created database ${db}`); }
      await c.end();
    })().catch((e) => { console.error(`[qn] error: cannot prepare database ${db}: ${e.message}`); process.exit(1); });
  ' "$ADMIN_DATABASE_URL"
}

# Folder of the Kafka passwords (one file per principal): KAFKA_CREDENTIALS_DIR, else the local
# broker's. Empty when there is none (an outside broker without authentication).
kafka_credentials() {
  local dir=${KAFKA_CREDENTIALS_DIR:-$(bash deploy/kafka/local-kafka.sh credentials)}
  [ -s "$dir/admin" ] && printf '%s' "$dir"
  return 0
}

# Environment of a Kafka client connecting as principal $1 (nothing without authentication).
kafka_env() {
  local dir; dir=$(kafka_credentials)
  [ -n "$dir" ] || return 0
  printf 'KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_SASL_USERNAME=%s KAFKA_SASL_PASSWORD_FILE=%s' "$1" "$dir/$1"
}

# The platform's Kafka ACLs for TOPIC_PREFIX (derived from libs/contracts), as the admin.
kafka_access() {
  [ -n "$(kafka_credentials)" ] || return 0
  say "applying the Kafka ACLs (prefix '${TOPIC_PREFIX:-}')"
  env $(kafka_env admin) KAFKA_BROKERS="$KAFKA_URL" node libs/messaging/dist/cli/kafka-acls.js apply
}

# The demo PKI of records (a VGCA-like and a public-CA root, the demo CA that issues each signer's
# certificate on first use): generated once into .local/records/demo-pki, kept out of git.
records_pki() {
  node services/records/demo/dist/demo/cli/generate-pki.js "$LOCAL/records/demo-pki" >/dev/null \
    || die "could not generate the records demo PKI (see above)"
}

pid_of() { cat "$LOCAL/run/$1.pid" 2>/dev/null || true; }
running() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

start_service() {
  local name=$1 port=$2
  mkdir -p "$LOCAL/run" "$LOCAL/logs"
  if running "$name"; then say "$name already running (pid $(pid_of "$name"))"; return; fi
  say "starting $name on port $port"
  # Local demo: the API docs open in a browser without a token, and the demo loaders (one client,
  # one address) may go faster than the production rate limit allows.
  # Its own secrets (DATABASE_URL, keys) from its own file, in a subshell that becomes the service.
  # shellcheck disable=SC2046 # kafka_env prints NAME=value words on purpose
  # (-u AUTH_HMAC_SECRET: the services trust the identity provider's JWKS only.)
  local extra=()
  # Records signs học bạ with the demo CA (keys generated at setup into .local, never committed).
  [ "$name" != records ] || extra=(RECORDS_SIGNER=demo-ca "RECORDS_DEMO_PKI_DIR=$LOCAL/records/demo-pki"
    "RECORDS_VERIFY_URL=http://localhost:$port/verification/records")
  # The KPI aggregator signs report PDFs with each issuing body's seal from the same demo CA.
  [ "$name" != kpi-aggregator ] || extra=(REPORTS_SIGNER=demo-ca "REPORTS_DEMO_PKI_DIR=$LOCAL/records/demo-pki")
  # Payments sends families paying at VNPay back to the web app's families' page; the web app's
  # server (same host) forwards their calls, so its X-Forwarded-For is believed from loopback.
  [ "$name" != payments ] || extra=("VNPAY_RETURN_URL=http://127.0.0.1:$WEB_PORT/gia-dinh" TRUST_PROXY=loopback)
  # Credentials signs diplomas with an Ed25519 key per authority, made on first use into .local
  # (never committed), and delivers them to a local wallet folder.
  [ "$name" != credentials ] || extra=(CREDENTIALS_SIGNER=local-keys "CREDENTIALS_KEYS_DIR=$LOCAL/credentials/keys"
    CREDENTIALS_KEYS_GENERATE=true "CREDENTIALS_PUBLIC_URL=${CREDENTIALS_PUBLIC_URL:-http://localhost:$port}"
    CREDENTIALS_WALLET=local "CREDENTIALS_WALLET_DIR=$LOCAL/credentials/wallet")
  (
    set -a; source "$LOCAL/secrets/$name.env"; set +a
    exec env -u AUTH_HMAC_SECRET $(kafka_env "$name") "${extra[@]}" DOCS_PUBLIC=${DOCS_PUBLIC:-true} RATE_LIMIT_PER_ROUTE=${RATE_LIMIT_PER_ROUTE:-1000000} \
      TRUSTED_PORTALS=${TRUSTED_PORTALS:-demo-portal} TRUSTED_EXAM_BOARDS=${TRUSTED_EXAM_BOARDS:-demo-exam-board} IDENTITY_REGISTER_FILE="$IDENTITY_REGISTER_FILE" PORT=$port REDIS_URL=$REDIS_URL KAFKA_BROKERS=$KAFKA_URL LOG_LEVEL=${LOG_LEVEL:-info} \
      setsid node "services/$name/dist/main.js"
  ) >"$LOCAL/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$LOCAL/run/$name.pid"
}

# The web app's server (apps/web/dist/server): the built dashboard, /config.json and the API
# proxy (/api/kpi → kpi-aggregator; /api/enrollment, /api/payments, /api/records for the
# families' page), on 127.0.0.1:$WEB_PORT.
start_web() {
  mkdir -p "$LOCAL/run" "$LOCAL/logs"
  if running web; then say "web app already running (pid $(pid_of web))"; return; fi
  say "starting the web app on port $WEB_PORT"
  env PORT="$WEB_PORT" HOST=127.0.0.1 KPI_URL=http://127.0.0.1:3005 \
    ENROLLMENT_URL=http://127.0.0.1:3002 PAYMENTS_URL=http://127.0.0.1:3004 RECORDS_URL=http://127.0.0.1:3006 \
    OIDC_ISSUER="$WEB_OIDC_ISSUER" OIDC_CLIENT_ID="$WEB_OIDC_CLIENT_ID" FAMILY_OIDC_CLIENT_ID=qn-family \
    setsid node apps/web/dist/server/server.js >"$LOCAL/logs/web.log" 2>&1 < /dev/null &
  echo $! > "$LOCAL/run/web.pid"
}

wait_ready() {
  local name=$1 port=$2
  for _ in $(seq 1 120); do
    if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$port/health/ready"; then
      say "$name ready"; return 0
    fi
    running "$name" || { tail -n 20 "$LOCAL/logs/$name.log" >&2; die "$name exited during start (log: .local/logs/$name.log)"; }
    sleep 0.5
  done
  die "$name did not become ready (log: .local/logs/$name.log)"
}

up() {
  ensure_node_modules
  ensure_postgres
  ensure_redis
  ensure_kafka
  build
  secrets
  create_database
  provision_roles
  kafka_access
  records_pki
  start_identity
  for s in "${SERVICES[@]}"; do start_service "${s%%:*}" "${s##*:}"; done
  for s in "${SERVICES[@]}"; do wait_ready "${s%%:*}" "${s##*:}"; done
  start_web
  wait_ready web "$WEB_PORT"
  say "loading the demo province"
  REGISTRY_URL=http://127.0.0.1:3001 node services/registry/demo/dist/demo/load-demo.js
  say "loading demo admission rounds and applications"
  REGISTRY_URL=http://127.0.0.1:3001 ENROLLMENT_URL=http://127.0.0.1:3002 node services/enrollment/demo/dist/demo/load-demo.js
  say "loading the demo fee catalogue"
  PAYMENTS_URL=http://127.0.0.1:3004 node services/payments/demo/dist/demo/load-demo.js
  start_followup
  say "writing the demo users of the identity provider"
  local users
  users=$(REGISTRY_URL=http://127.0.0.1:3001 node services/identity/dist/cli/demo-setup.js users "$IDP_DIR/users.json" "$IDP_DIR/demo-users.txt") \
    || die "could not write the demo users (see above)"
  rosters
  records_demo
  credentials_demo
  cat <<TXT

  Quảng Ninh education platform is up.

  Dashboard:      http://127.0.0.1:$WEB_PORT/   (the web app; sign in at the identity provider $IDP_ISSUER)
  Families:       http://127.0.0.1:$WEB_PORT/gia-dinh   (the families' page, on a phone too; sign in as phu-huynh)
  Demo users (username, password, role, unit; also in .local/identity/demo-users.txt):
$(sed 's/^/                  /' <<<"$users")
  Registry API:   http://127.0.0.1:3001/docs   Enrollment API: http://127.0.0.1:3002/docs   KPI API: http://127.0.0.1:3005/docs
  Payments API:   http://127.0.0.1:3004/docs   Records API: http://127.0.0.1:3006/docs   Credentials API: http://127.0.0.1:3007/docs
  Records:        signed học bạ of the secondary classes of ${DEMO_RECORDS_SCHOOLS:-3} demo schools (both terms' marks and
                  conduct); more: DEMO_RECORDS_SCHOOLS=all scripts/platform.sh records-demo
  Diplomas:       issued from those schools' graduation lists; anyone verifies one at
                  $(cat "$LOCAL/demo/credentials.txt" 2>/dev/null || echo "http://127.0.0.1:3007/verify")
  Logs:           .local/logs/    Stop: npm run platform:down
  Payment data:   in about 5 minutes. The grade 1 and 6 rounds close 4 minutes after they were
                  loaded; a background follow-up then publishes their results, enrols the students
                  and pays their fees (cashless or cash), which fills the cashless indicators.
                  Progress: .local/logs/demo-followup.log, npm run platform:status
  Integration clients (client_credentials; secrets in .local/identity/clients.json):
                  curl -u demo-reader:<secret> -d grant_type=client_credentials -d scope=master-data:read $IDP_ISSUER/token
  A token for the APIs without signing in (signed with the provider's key, 1 h):
                  AUTH_DEMO_SIGNING_KEY_FILE=.local/identity/signing-key.pem AUTH_ISSUER=$AUTH_ISSUER npm run -s token -- --role province --sub you

TXT
}

# The demo's school rosters of 2025-2026 (enrollment's demo/load-rosters.ts): the population
# register's file first, then one XLSX workbook per school; DEMO_ROSTER_SCHOOLS (40) or all.
rosters() {
  say "loading demo school rosters 2025-2026 (DEMO_ROSTER_SCHOOLS=${DEMO_ROSTER_SCHOOLS:-40}; all: every school)"
  REGISTRY_URL=http://127.0.0.1:3001 ENROLLMENT_URL=http://127.0.0.1:3002 IDENTITY_REGISTER_FILE="$IDENTITY_REGISTER_FILE" \
    DEMO_USERS_FILE="$IDP_DIR/users.json" DEMO_ROSTERS_FILE="$LOCAL/demo/rosters.json" node services/enrollment/demo/dist/demo/load-rosters.js \
    || die "could not load the demo rosters (see above)"
}

# The demo's marks, conduct and signed học bạ of 2025-2026 (records' demo/load-marks.ts): the
# secondary classes of DEMO_RECORDS_SCHOOLS (3) or all of the loaded roster schools, both terms,
# as each subject's teacher, the homeroom teacher and the principal (.local/demo/rosters.json,
# written by `rosters`, says who they are). Resumes: what is signed is skipped.
records_demo() {
  say "entering demo marks and conduct, signing học bạ (DEMO_RECORDS_SCHOOLS=${DEMO_RECORDS_SCHOOLS:-3}; all: every roster school)"
  RECORDS_URL=http://127.0.0.1:3006 ENROLLMENT_URL=http://127.0.0.1:3002 DEMO_ROSTERS_FILE="$LOCAL/demo/rosters.json" \
    node services/records/demo/dist/demo/load-marks.js \
    || die "could not load the demo marks and records (see above)"
}

# The demo's diplomas (credentials' demo/load-diplomas.ts): the graduation lists of the schools
# records' demo signed, proposed and approved as their principals and authorities, and one
# historic register digitised; a verification link goes to .local/demo/credentials.txt.
credentials_demo() {
  say "issuing demo diplomas from the graduation lists (DEMO_RECORDS_SCHOOLS=${DEMO_RECORDS_SCHOOLS:-3})"
  CREDENTIALS_URL=http://127.0.0.1:3007 CREDENTIALS_PUBLIC_URL=${CREDENTIALS_PUBLIC_URL:-http://localhost:3007} \
    DEMO_ROSTERS_FILE="$LOCAL/demo/rosters.json" DEMO_CREDENTIALS_FILE="$LOCAL/demo/credentials.txt" \
    node services/credentials/demo/dist/demo/load-diplomas.js \
    || die "could not issue the demo diplomas (see above)"
}

# The demo's follow-up (after `up` loaded the demo): waits for the grade 1 and 6 rounds' deadline,
# publishes their results and enrols the students (enrollment demo), then pays their invoices,
# some cashless and some in cash (payments demo). Each step says what failed in one line.
followup() {
  # Started by `up`, its pid file goes with it (a by-hand run leaves a background one's alone).
  trap '[ "$(pid_of demo-followup)" != "$$" ] || rm -f "$LOCAL/run/demo-followup.pid"' EXIT
  secrets
  local students="$LOCAL/demo/students.jsonl"
  say "demo follow-up: deciding the grade 1, 6 and 10 rounds once their deadline has passed"
  # The grade-10 round's scores come from the exam board over Kafka, as its own principal.
  # shellcheck disable=SC2046 # kafka_env prints NAME=value words on purpose
  env $(kafka_env demo-exam-board) KAFKA_BROKERS="$KAFKA_URL" TOPIC_PREFIX="${TOPIC_PREFIX:-}" \
    DEMO_STUDENTS_FILE=$students ENROLLMENT_URL=http://127.0.0.1:3002 node services/enrollment/demo/dist/demo/decide-demo.js \
    || die "demo follow-up: the enrollment step failed (see above); no payment data"
  say "demo follow-up: paying the students' invoices"
  # It plays the gateways too (signs their callbacks): payments' gateway secrets, nothing else of it.
  # shellcheck disable=SC2046 # NAME=value words on purpose
  env $(grep -E '^(VNPAY_HASH_SECRET|MOMO_SECRET_KEY)=' "$LOCAL/secrets/payments.env") \
    DEMO_STUDENTS_FILE=$students DEMO_PLANNED_FILE="$LOCAL/demo/planned-invoices.txt" PAYMENTS_URL=http://127.0.0.1:3004 \
    REGISTRY_URL=http://127.0.0.1:3001 node services/payments/demo/dist/demo/pay-demo.js || die "demo follow-up: the payments step failed (see above)"
  say "demo follow-up: done; the cashless payment indicators are on the dashboard"
}

# In the background, so `up` does not wait for the rounds' deadline; `down` stops it.
start_followup() {
  mkdir -p "$LOCAL/run" "$LOCAL/logs"
  if running demo-followup; then say "demo follow-up already running (pid $(pid_of demo-followup))"; return; fi
  say "starting the demo follow-up in the background (log: .local/logs/demo-followup.log)"
  setsid bash "$ROOT/scripts/platform.sh" followup >"$LOCAL/logs/demo-followup.log" 2>&1 < /dev/null &
  echo $! > "$LOCAL/run/demo-followup.pid"
}

down() {
  local f; f=$(pid_of demo-followup)
  if [ -n "$f" ] && kill -0 "$f" 2>/dev/null; then
    # Its own session (setsid): the group holds the script and the node step it runs.
    say "stopping the demo follow-up"; kill -- "-$f" 2>/dev/null || kill "$f"
  fi
  rm -f "$LOCAL/run/demo-followup.pid"
  for s in "${SERVICES[@]}"; do
    local name=${s%%:*} p
    p=$(pid_of "$name")
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
      say "stopping $name"; kill "$p"
      for _ in $(seq 1 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    fi
    rm -f "$LOCAL/run/$name.pid"
  done
  local web; web=$(pid_of web)
  if [ -n "$web" ] && kill -0 "$web" 2>/dev/null; then say "stopping the web app"; kill "$web"; fi
  rm -f "$LOCAL/run/web.pid"
  local idp; idp=$(pid_of identity)
  if [ -n "$idp" ] && kill -0 "$idp" 2>/dev/null; then say "stopping identity"; kill "$idp"; fi
  rm -f "$LOCAL/run/identity.pid"
  if [ "${1:-}" = "--kafka" ]; then bash deploy/kafka/local-kafka.sh stop; fi
}

status() {
  for s in "${SERVICES[@]}"; do
    local name=${s%%:*}
    if running "$name"; then echo "$name: running (pid $(pid_of "$name"))"; else echo "$name: stopped"; fi
  done
  if running web; then echo "web: running (pid $(pid_of web)), http://127.0.0.1:$WEB_PORT/"; else echo "web: stopped"; fi
  if running identity; then echo "identity: running (pid $(pid_of identity)), $IDP_ISSUER"; else echo "identity: stopped"; fi
  local last; last=$(tail -n1 "$LOCAL/logs/demo-followup.log" 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' || true)
  if running demo-followup; then echo "demo follow-up: running (pid $(pid_of demo-followup)): $last"
  elif [ -n "$last" ]; then echo "demo follow-up: ended: $last"
  fi
  bash deploy/kafka/local-kafka.sh status || true
}

reset() {
  # It talks to PostgreSQL and Redis with the project's own clients: on a fresh clone, install them first.
  ensure_node_modules
  ensure_postgres
  ensure_redis
  down --kafka
  rm -rf "$LOCAL/demo"
  # The demo users belong to the demo's org units (new ids after the reset).
  rm -f "$IDP_DIR/users.json" "$IDP_DIR/demo-users.txt"
  bash deploy/kafka/local-kafka.sh reset
  node -e '
    const { Client } = require("pg");
    const target = new URL(process.argv[1]); const db = target.pathname.slice(1);
    const admin = new URL(process.argv[1]); admin.pathname = "/postgres";
    (async () => {
      const c = new Client({ connectionString: admin.toString() }); await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`); await c.end();
      console.error(`[qn] dropped database ${db}`);
    })().catch((e) => { console.error(`[qn] error: ${e.message}`); process.exit(1); });
  ' "$ADMIN_DATABASE_URL"
  # Redis outlives the database: remembered responses (Idempotency-Key), seen gateway transactions
  # and cached answers of the old data would be replayed against the new one (a demo fee
  # catalogue "loaded" from a stale replay, a payment ignored as already seen).
  node -e '
    const Redis = require("ioredis");
    const services = ["registry", "enrollment", "payments", "kpi-aggregator"];
    const patterns = [...services.map((s) => `idem:${s}:*`), "seen:payments:*", "cache:kpi-aggregator:*"];
    (async () => {
      const r = new Redis(process.argv[1], { lazyConnect: true, maxRetriesPerRequest: 1 });
      await r.connect();
      let n = 0;
      for (const match of patterns) {
        let cursor = "0";
        do {
          const [next, keys] = await r.scan(cursor, "MATCH", match, "COUNT", 1000);
          if (keys.length) n += await r.unlink(...keys);
          cursor = next;
        } while (cursor !== "0");
      }
      await r.quit();
      console.error(`[qn] deleted ${n} Redis keys of the local platform`);
    })().catch((e) => { console.error(`[qn] error: Redis: ${e.message}`); process.exit(1); });
  ' "$REDIS_URL"
}

case "${1:-up}" in
  up) up ;;
  followup) followup ;;
  rosters) rosters ;;
  records-demo) records_demo ;;
  credentials-demo) credentials_demo ;;
  down) shift; down "$@" ;;
  status) status ;;
  reset) reset ;;
  *) echo "usage: $0 up|down [--kafka]|status|reset|followup|rosters|records-demo|credentials-demo" >&2; exit 2 ;;
esac

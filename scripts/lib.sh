# Shared helpers of the project's scripts (sourced, not run).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"
export KAFKAJS_NO_PARTITIONER_WARNING=1
# kafkajs 2.2.4 schedules a negative timeout that Node 24 warns about on every connection; harmless.
export NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning"

say() { printf '\033[1m[qn]\033[0m %s\n' "$*" >&2; }
die() { printf '[qn] error: %s\n' "$*" >&2; exit 1; }

# npm ci when node_modules is missing or older than the lock file; the project's Node 24
# (the `node` package) lands in node_modules/.bin and runs every script after this.
ensure_node_modules() {
  command -v npm >/dev/null || die "npm is not installed (install Node.js 20+ with npm; the project brings its own Node 24)"
  if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing dependencies (npm ci)"
    npm ci --no-audit --no-fund >&2
  fi
  local v; v=$(node -p 'process.versions.node.split(".")[0]')
  [ "$v" = "24" ] || die "expected Node 24 from node_modules/.bin, got $(node -v)"
}

tcp_answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# PostgreSQL and Redis: use what answers; on a machine that has them installed but stopped,
# start them; otherwise say how to get them.
ensure_postgres() {
  local host=${PGHOST_CHECK:-127.0.0.1} port=${PGPORT_CHECK:-5432}
  tcp_answers "$host" "$port" && return 0
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  fi
  for _ in $(seq 1 30); do tcp_answers "$host" "$port" && return 0; sleep 1; done
  die "PostgreSQL does not answer on $host:$port (install PostgreSQL 15, or use docker compose, or set DATABASE_URL)"
}

ensure_redis() {
  local host=${REDIS_HOST_CHECK:-127.0.0.1} port=${REDIS_PORT_CHECK:-6379}
  tcp_answers "$host" "$port" && return 0
  if command -v redis-server >/dev/null; then
    say "starting Redis"
    mkdir -p /tmp/qn-redis
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir /tmp/qn-redis --logfile /tmp/qn-redis/redis.log || true
  fi
  for _ in $(seq 1 20); do tcp_answers "$host" "$port" && return 0; sleep 0.5; done
  die "Redis does not answer on $host:$port (install Redis 7, or use docker compose, or set REDIS_URL)"
}

ensure_java() {
  if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "installing Java and Maven for the local Kafka broker"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless maven >&2
    else
      die "Java 17+ and Maven are needed for the local Kafka broker (or use docker compose)"
    fi
  fi
}

ensure_kafka() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then return 0; fi
  ensure_java
  bash deploy/kafka/local-kafka.sh start
}

# Debian's Chromium for the browser tests (playwright-core drives it; no browser is downloaded),
# and poppler's tools, with which the tests open the PDFs the platform makes (pdftotext, pdfinfo,
# pdfsig). CHROMIUM_PATH overrides Chromium's location.
ensure_chromium() {
  local bin=${CHROMIUM_PATH:-/usr/bin/chromium}
  [ -x "$bin" ] && command -v pdftotext >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Chromium and poppler-utils for the browser and document tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core poppler-utils >&2
  fi
  [ -x "$bin" ] || die "Chromium is needed for the browser tests: apt-get install chromium (or set CHROMIUM_PATH)"
  command -v pdftotext >/dev/null || die "poppler-utils is needed to check the PDFs: apt-get install poppler-utils"
}

# Nx builds each project (tsc -b of its tsconfig.build.json, after its dependencies) and restores
# unchanged projects' dist from its local cache (.nx/cache).
build() {
  say "building (nx run-many -t build)"
  nx run-many -t build --output-style=static >&2
}

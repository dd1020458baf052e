#!/usr/bin/env bash
# Local Apache Kafka (KRaft, one combined broker+controller) without Docker.
#   deploy/kafka/local-kafka.sh start|stop|status|restart|reset|jars|pid
#   deploy/kafka/local-kafka.sh credentials      prints the folder of the generated passwords
# Jars come from Maven Central through the pom beside this script and are cached in
# deploy/kafka/.cache (git-ignored). Safe to call twice: start does nothing when the broker
# already answers.
# Security: clients authenticate with SASL/SCRAM-SHA-512 on 127.0.0.1:$KAFKA_PORT; ACLs decide
# what each principal may do (nothing without one). One principal per service and per outside
# publisher plus `admin` (super user: the broker itself, tests, scripts), each with a random
# password generated when the storage is formatted, one file per principal in
# $KAFKA_HOME_DIR/credentials/ (mode 600, git-ignored, deleted by reset). The ACLs come from
# libs/contracts and are applied by `node libs/messaging/dist/cli/kafka-acls.js` (npm start
# and the tests do it for their topic prefix).
# TLS: the same SASL authentication over TLS on 127.0.0.1:$KAFKA_TLS_PORT, with a self-signed
# certificate made with keytool (it comes with Java); clients trust $KAFKA_HOME_DIR/tls/ca.pem.
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_TLS_PORT (KAFKA_PORT + 2),
# KAFKA_HOME_DIR (state folder, default deploy/kafka/.cache/run), KAFKA_HEAP_OPTS (-Xms256m -Xmx512m).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache="$here/.cache"
jars="$cache/libs"
port="${KAFKA_PORT:-9092}"
cport="${KAFKA_CONTROLLER_PORT:-9093}"
tls_port="${KAFKA_TLS_PORT:-$((port + 2))}"
run="${KAFKA_HOME_DIR:-$cache/run}"
data="$run/data"
logs="$run/logs"
pidfile="$run/kafka.pid"
props="$run/server.properties"
creds="$run/credentials"
tls="$run/tls"
# The platform's services (libs/contracts PlatformServices) and the local outside publishers
# (an admission portal, the exam board). A unit test (libs/messaging) keeps this list in step
# with libs/contracts.
PRINCIPALS="admin registry enrollment payments kpi-aggregator records credentials demo-portal demo-exam-board"

log() { printf '[local-kafka] %s\n' "$*" >&2; }
# Principals whose SCRAM credentials the broker has. Those formatted in come first; one added to
# PRINCIPALS later (a new service) is added through the running broker by `start`.
registered="$run/registered-principals"

answers() {
  # The broker answers when its PLAINTEXT port accepts a TCP connection.
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

fetch_jars() {
  if [ -f "$jars/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || { log "mvn is not installed (apt-get install maven)"; exit 1; }
  command -v java >/dev/null || { log "java is not installed (apt-get install default-jre-headless)"; exit 1; }
  log "resolving Kafka jars from Maven Central into $jars"
  rm -rf "$jars"; mkdir -p "$jars"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$jars" >&2
  touch "$jars/.complete"
}

classpath() { printf '%s' "$jars/*"; }

running_pid() {
  if [ -f "$pidfile" ]; then
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then printf '%s' "$pid"; return 0; fi
  fi
  return 1
}

# A random password per principal, generated once (hex: safe inside the SCRAM argument and
# the JAAS line).
generate_credentials() {
  mkdir -p "$creds"; chmod 700 "$creds"
  local p
  for p in $PRINCIPALS; do
    [ -s "$creds/$p" ] && continue
    (umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$creds/$p")
  done
}

# The TLS listener's key and self-signed certificate (PKCS12, random store password), and the
# certificate as PEM for clients (ca.pem). `bootstrap` says where the listener is.
generate_tls() {
  mkdir -p "$tls"; chmod 700 "$tls"
  if [ ! -s "$tls/broker.p12" ]; then
    (umask 077; od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > "$tls/password")
    local pw; pw=$(cat "$tls/password")
    keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 3650 \
      -dname "CN=localhost" -ext "SAN=ip:127.0.0.1,dns:localhost" -ext "BC:c=ca:true" \
      -keystore "$tls/broker.p12" -storetype PKCS12 -storepass "$pw" -keypass "$pw" >/dev/null 2>&1
    keytool -exportcert -rfc -alias broker -keystore "$tls/broker.p12" -storetype PKCS12 \
      -storepass "$pw" -file "$tls/ca.pem" >/dev/null 2>&1
    chmod 600 "$tls/broker.p12"
  fi
  echo "127.0.0.1:$tls_port" > "$tls/bootstrap"
}

start() {
  if answers; then
    if [ ! -s "$creds/admin" ]; then
      log "a broker answers on 127.0.0.1:$port but $creds has no passwords: it was started before"
      log "SASL was enabled, or from another state folder. Stop it (local-kafka.sh stop) and run"
      log "local-kafka.sh reset && local-kafka.sh start (reset deletes the local topics)."
      exit 1
    fi
    log "broker already answers on 127.0.0.1:$port"
    if [ -z "$(running_pid)" ]; then return 0; fi
    fetch_jars; add_new_principals; return 0
  fi
  fetch_jars
  if [ -f "$data/meta.properties" ] && [ ! -s "$creds/admin" ]; then
    log "$data was formatted without SCRAM credentials (before SASL was enabled)."
    log "Run local-kafka.sh reset (deletes the local topics), then start."
    exit 1
  fi
  mkdir -p "$data" "$logs"
  # State formatted before this list was kept: its principals are those with a password file.
  if [ -f "$data/meta.properties" ] && [ ! -f "$registered" ]; then ls "$creds" > "$registered"; fi
  generate_credentials
  generate_tls
  local admin_pw; admin_pw=$(cat "$creds/admin")
  (umask 077; sed -e "s#@PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$cport#g" -e "s#@DATA_DIR@#$data#g" \
    -e "s#@ADMIN_PASSWORD@#$admin_pw#g" -e "s#@TLS_PORT@#$tls_port#g" -e "s#@TLS_DIR@#$tls#g" \
    -e "s#@TLS_PASSWORD@#$(cat "$tls/password")#g" "$here/server.properties.template" > "$props")
  if [ ! -f "$data/meta.properties" ]; then
    local cluster_id p scram=()
    cluster_id=$(java -cp "$(classpath)" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)
    # SCRAM credentials go into the metadata log at format time: the broker needs admin's
    # before it can talk to itself.
    for p in $PRINCIPALS; do scram+=(--add-scram "SCRAM-SHA-512=[name=$p,password=$(cat "$creds/$p")]"); done
    log "formatting KRaft storage (cluster $cluster_id) with SCRAM credentials for: $PRINCIPALS"
    java -Dlog4j.configuration="file:$here/log4j.properties" -Dkafka.logs.dir="$logs" \
      -cp "$(classpath)" kafka.tools.StorageTool format -t "$cluster_id" -c "$props" -g "${scram[@]}" >&2
    printf '%s\n' $PRINCIPALS > "$registered"
  fi
  log "starting broker on 127.0.0.1:$port (logs: $logs/server.log)"
  # setsid: the broker outlives the shell that started it (CI step, npm script).
  setsid java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$here/log4j.properties" -Dkafka.logs.dir="$logs" \
    -cp "$(classpath)" kafka.Kafka "$props" >"$logs/stdout.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  until grep -q 'Kafka Server started' "$logs/server.log" 2>/dev/null && answers; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      log "broker exited during start; last lines of its log:"; tail -n 30 "$logs/server.log" "$logs/stdout.log" >&2 || true
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then log "broker did not start in time"; tail -n 30 "$logs/server.log" >&2 || true; exit 1; fi
    sleep 0.5
  done
  log "broker ready on 127.0.0.1:$port (SASL/SCRAM-SHA-512; passwords in $creds)"
  add_new_principals
}

# SCRAM credentials for principals added to PRINCIPALS after the storage was formatted, through
# the running broker as admin (kafka-configs --alter --add-config SCRAM-SHA-512=...).
add_new_principals() {
  local p missing=()
  for p in $PRINCIPALS; do grep -qx "$p" "$registered" 2>/dev/null || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  generate_credentials
  local cfg="$run/admin-client.properties"
  (umask 077; printf '%s\n' 'security.protocol=SASL_PLAINTEXT' 'sasl.mechanism=SCRAM-SHA-512' \
    "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$(cat "$creds/admin")\";" > "$cfg")
  for p in "${missing[@]}"; do
    log "adding SCRAM credentials for the new principal $p"
    java -Dlog4j.configuration="file:$here/log4j.properties" -Dkafka.logs.dir="$logs" -cp "$(classpath)" \
      kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$port" --command-config "$cfg" --alter \
      --add-config "SCRAM-SHA-512=[password=$(cat "$creds/$p")]" --entity-type users --entity-name "$p" >&2
    echo "$p" >> "$registered"
  done
  rm -f "$cfg"
}

stop() {
  local pid
  if pid=$(running_pid); then
    log "stopping broker (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { log "broker did not stop; killing"; kill -9 "$pid"; }
    rm -f "$pidfile"
  else
    log "broker is not running (from this folder)"
  fi
}

status() {
  if answers; then
    local pid=""; pid=$(running_pid) || true
    echo "running on 127.0.0.1:$port${pid:+ (pid $pid)}"
  else
    echo "stopped"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  # The broker's process id (the fault tests kill it with SIGKILL).
  pid) running_pid || { log "not running"; exit 1; } ;;
  reset) stop; rm -rf "$run"; log "state removed" ;;
  jars) fetch_jars; echo "$jars" ;;
  credentials) echo "$creds" ;;
  *) echo "usage: $0 start|stop|restart|status|reset|jars|credentials" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Entry point of the `kafka` service of docker-compose.yml (official apache/kafka image): the
# local broker's settings (server.properties.template, mounted at /qn) with the container's
# listeners, and SASL/SCRAM credentials created when the volume is formatted. The apache/kafka
# image cannot add SCRAM credentials at format time from its environment, hence this script.
# Passwords come from files (compose secrets), one per principal: $KAFKA_SECRETS_DIR/kafka_<name>
# with <name> in $KAFKA_PRINCIPALS (dashes as underscores in the file name).
set -euo pipefail

secrets=${KAFKA_SECRETS_DIR:-/run/secrets}
kafka_bin=${KAFKA_BIN:-/opt/kafka/bin}
data=${KAFKA_DATA_DIR:-/var/lib/kafka/data}
props=${KAFKA_PROPS:-/tmp/server.properties}
template=${KAFKA_TEMPLATE:-/qn/server.properties.template}
: "${CLUSTER_ID:?set CLUSTER_ID (a base64url UUID)}"
: "${KAFKA_PRINCIPALS:?set KAFKA_PRINCIPALS (admin and one per service / outside publisher)}"

password() {
  local f="$secrets/kafka_${1//-/_}"
  [ -s "$f" ] || { echo "[kafka] missing secret $f (the password of principal $1)" >&2; exit 1; }
  tr -d '\n' < "$f"
}

admin_pw=$(password admin)
# It goes into sed replacements and JAAS lines: keep to characters that are plain there.
case "$admin_pw" in *'"'* | *'\'* | *'#'* | *'&'*) echo "[kafka] the admin password may not contain \", \\, # or &" >&2; exit 1 ;; esac
jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$admin_pw\";"
# Containers use kafka:9092; tools on the host use localhost:29092 (EXTERNAL). Both SASL.
(umask 077; sed -e "s#@PORT@#9092#g" -e "s#@CONTROLLER_PORT@#9093#g" -e "s#@DATA_DIR@#$data#g" \
  -e "s#@ADMIN_PASSWORD@#$admin_pw#g" \
  -e 's#^controller.quorum.voters=.*#controller.quorum.voters=1@kafka:9093#' \
  -e 's#^listeners=.*#listeners=SASL_PLAINTEXT://:9092,EXTERNAL://:29092,CONTROLLER://:9093#' \
  -e 's#^advertised.listeners=.*#advertised.listeners=SASL_PLAINTEXT://kafka:9092,EXTERNAL://localhost:29092#' \
  -e 's#^listener.security.protocol.map=.*#listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT#' \
  -e '/^listener.name.sasl_ssl\./d' \
  "$template" > "$props"
  echo "listener.name.external.scram-sha-512.sasl.jaas.config=$jaas" >> "$props"
  # For the health check and operators: an admin client configuration.
  printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=%s\n' "$jaas" > /tmp/admin-client.properties)

if [ ! -f "$data/meta.properties" ]; then
  scram=()
  for p in $KAFKA_PRINCIPALS; do scram+=(--add-scram "SCRAM-SHA-512=[name=$p,password=$(password "$p")]"); done
  echo "[kafka] formatting $data with SCRAM credentials for: $KAFKA_PRINCIPALS" >&2
  "$kafka_bin/kafka-storage.sh" format -t "$CLUSTER_ID" -c "$props" -g "${scram[@]}"
fi
exec "$kafka_bin/kafka-server-start.sh" "$props"

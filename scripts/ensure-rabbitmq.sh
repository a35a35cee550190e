#!/usr/bin/env bash
# Makes sure a RabbitMQ broker is reachable for CustomerStream's bridge and its tests, and prints its AMQP URI
# on the last line of stdout. Safe to run again and again.
#
# 1. CS_RABBITMQ set            -> use it as given (nothing is installed or started).
# 2. the local broker answers   -> print its URI.
# 3. root on Debian/Ubuntu      -> apt-get install rabbitmq-server when missing, enable the management plugin,
#                                  start the broker, create the user "customerstream" (administrator: the tests
#                                  create and delete a virtual host each through the management API).
# 4. otherwise                  -> print exactly what to run, exit 2.
set -euo pipefail

log() { echo "[rabbitmq] $*" >&2; }
USER_NAME=customerstream
PASSWORD=customerstream
DEFAULT_URI="amqp://$USER_NAME:$PASSWORD@127.0.0.1:5672/"
MANAGEMENT="http://127.0.0.1:15672"

if [[ -n "${CS_RABBITMQ:-}" ]]; then
  log "using CS_RABBITMQ from the environment"
  echo "$CS_RABBITMQ"
  exit 0
fi

can_connect() {
  # The management API answers for the customerstream user, who may create virtual hosts.
  command -v curl >/dev/null 2>&1 || return 1
  curl -fsS --max-time 3 -u "$USER_NAME:$PASSWORD" "$MANAGEMENT/api/whoami" 2>/dev/null | grep -q administrator
}

if can_connect; then
  echo "$DEFAULT_URI"
  exit 0
fi

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<MSG
[rabbitmq] No RabbitMQ is reachable and this script can only install one as root on Debian/Ubuntu.
[rabbitmq] Either point CustomerStream at a broker you have:
    export CS_RABBITMQ="amqp://user:password@host:5672/vhost"
[rabbitmq] (the tests also need its management API on port 15672 and a user with the administrator tag), or run, as root:
    apt-get update && apt-get install -y rabbitmq-server curl
    rabbitmq-plugins --offline enable rabbitmq_management
    rabbitmq-server -detached
    rabbitmqctl add_user $USER_NAME $PASSWORD
    rabbitmqctl set_user_tags $USER_NAME administrator
    rabbitmqctl set_permissions -p / $USER_NAME '.*' '.*' '.*'
MSG
  exit 2
fi

missing=()
command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if (( ${#missing[@]} )); then
  log "installing ${missing[*]} with apt-get (first run only)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # The package's start script is refused without an init system (policy-rc.d); the broker is started below.
  apt-get install -y -qq "${missing[@]}" >&2
fi

running() { rabbitmq-diagnostics -q check_running >/dev/null 2>&1; }

rabbitmq-plugins --offline enable rabbitmq_management >/dev/null 2>&1 || true
if ! running; then
  log "starting the broker"
  rabbitmq-server -detached >&2
  for _ in $(seq 1 90); do
    running && break
    sleep 1
  done
  running || { log "the broker did not start within 90 s; see /var/log/rabbitmq/"; exit 3; }
else
  # A broker started without the plugin gets it now.
  rabbitmq-plugins enable rabbitmq_management >/dev/null 2>&1 || true
fi

if ! rabbitmqctl -q list_users 2>/dev/null | awk '{print $1}' | grep -qx "$USER_NAME"; then
  rabbitmqctl -q add_user "$USER_NAME" "$PASSWORD" >&2
else
  rabbitmqctl -q change_password "$USER_NAME" "$PASSWORD" >&2
fi
rabbitmqctl -q set_user_tags "$USER_NAME" administrator >&2
rabbitmqctl -q set_permissions -p / "$USER_NAME" '.*' '.*' '.*' >&2

for _ in $(seq 1 60); do
  can_connect && break
  sleep 1
done
if ! can_connect; then
  log "RabbitMQ runs but its management API at $MANAGEMENT does not answer for $USER_NAME"
  exit 3
fi
log "ready: RabbitMQ $(rabbitmqctl -q version 2>/dev/null || echo '?') on 127.0.0.1:5672, management API on $MANAGEMENT"
echo "$DEFAULT_URI"

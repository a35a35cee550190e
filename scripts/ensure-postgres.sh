#!/usr/bin/env bash
# Makes sure a PostgreSQL server is reachable for CustomerStream and prints its Npgsql connection
# string on the last line of stdout. Safe to run again and again.
#
# 1. CS_POSTGRES set            -> use it as given (nothing is installed or started).
# 2. root on Debian/Ubuntu      -> apt-get install postgresql when missing, start the cluster,
#                                  create role and database "customerstream" (idempotent).
# 3. otherwise                  -> print exactly what to run, exit 2.
set -euo pipefail

log() { echo "[postgres] $*" >&2; }
DEFAULT_CS="Host=127.0.0.1;Port=5432;Username=customerstream;Password=customerstream;Database=customerstream"

if [[ -n "${CS_POSTGRES:-}" ]]; then
  log "using CS_POSTGRES from the environment"
  echo "$CS_POSTGRES"
  exit 0
fi

can_connect() {
  # Also checks the one grant the tests need beyond CREATEDB/CREATEROLE: dropping a test database WITH (FORCE)
  # ends the sessions of the BI role it created, which takes pg_signal_backend.
  PGPASSWORD=customerstream PGCONNECT_TIMEOUT=3 psql -h 127.0.0.1 -U customerstream -d customerstream -Atqc \
    "select pg_has_role('customerstream', 'pg_signal_backend', 'MEMBER')" 2>/dev/null | grep -q t
}

if command -v psql >/dev/null 2>&1 && can_connect; then
  echo "$DEFAULT_CS"
  exit 0
fi

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<'MSG'
[postgres] No PostgreSQL is reachable and this script can only install one as root on Debian/Ubuntu.
[postgres] Either point CustomerStream at a server you have:
    export CS_POSTGRES="Host=...;Port=5432;Username=...;Password=...;Database=..."
[postgres] (the role needs CREATEDB, CREATEROLE and pg_signal_backend for the tests and the BI role), or run, as root:
    apt-get update && apt-get install -y postgresql
    pg_ctlcluster --skip-systemctl-redirect 15 main start
    su postgres -c "psql -c \"CREATE ROLE customerstream LOGIN PASSWORD 'customerstream' CREATEDB CREATEROLE\""
    su postgres -c "psql -c 'GRANT pg_signal_backend TO customerstream'"
    su postgres -c "createdb -O customerstream customerstream"
MSG
  exit 2
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql with apt-get (first run only)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql postgresql-client >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n1)
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  log "creating cluster $version/main"
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  log "starting cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -Atqc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done

su postgres -c "psql -v ON_ERROR_STOP=1 -Atq" >&2 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'customerstream') THEN
    CREATE ROLE customerstream LOGIN PASSWORD 'customerstream' CREATEDB CREATEROLE;
  ELSE
    ALTER ROLE customerstream LOGIN PASSWORD 'customerstream' CREATEDB CREATEROLE;
  END IF;
END $$;
GRANT pg_signal_backend TO customerstream;
SQL
if ! su postgres -c "psql -Atqc \"select 1 from pg_database where datname='customerstream'\"" | grep -q 1; then
  su postgres -c "createdb -O customerstream customerstream" >&2
fi
# Tests create many short-lived databases; a few more connections than the default keep them apart.
current=$(su postgres -c "psql -Atqc 'show max_connections'")
if [[ "$current" -lt 300 ]]; then
  su postgres -c "psql -Atqc 'alter system set max_connections = 300'" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" main restart >&2
fi

if ! can_connect; then
  log "PostgreSQL is running but 127.0.0.1 login as customerstream failed; check pg_hba.conf"
  exit 3
fi
log "ready: PostgreSQL $version on 127.0.0.1:5432, database customerstream"
echo "$DEFAULT_CS"

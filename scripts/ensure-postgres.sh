#!/usr/bin/env bash
# Makes sure PostgreSQL answers at 127.0.0.1:$PG_PORT (5432) with trust auth for user postgres, and that
# database $PG_DATABASE (test) exists. Starts the local cluster when it is stopped, and installs
# PostgreSQL (Debian's apt package) when it is missing. Safe to run again: it changes only what it must.
#
#   scripts/ensure-postgres.sh            # then DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT="${PG_PORT:-5432}"
PG_DATABASE="${PG_DATABASE:-test}"
WAIT_SECONDS="${PG_WAIT_SECONDS:-30}"

log() { printf '[ensure-postgres] %s\n' "$*"; }
die() {
  printf '[ensure-postgres] error: %s\n' "$*" >&2
  exit 1
}

# shellcheck source=scripts/as-root.sh
source "$(dirname "${BASH_SOURCE[0]}")/as-root.sh"

# True when the server accepts connections (whatever the authentication will say).
answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
  else
    (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null
  fi
}

wait_until_it_answers() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  until answers; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

psql_postgres() {
  psql -X -w -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres "$@"
}

# The Debian cluster configured for $PG_PORT, as "version name", newest version first; "main" of the
# newest installed version when none is.
find_cluster() {
  local version name port rest
  if command -v pg_lsclusters >/dev/null 2>&1; then
    while read -r version name port rest; do
      if [ "$port" = "$PG_PORT" ]; then
        echo "$version $name"
        return 0
      fi
    done < <(pg_lsclusters --no-header 2>/dev/null | sort -rV)
  fi
  version="$(ls /etc/postgresql 2>/dev/null | sort -rV | head -n 1)"
  [ -n "$version" ] || return 1
  echo "$version main"
}

install_postgres() {
  log "PostgreSQL is not installed: installing it with apt-get"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install PostgreSQL 13 or newer yourself"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

start_cluster() {
  local cluster version name
  cluster="$(find_cluster)" || die "no PostgreSQL cluster found under /etc/postgresql"
  read -r version name <<<"$cluster"
  if [ ! -d "/etc/postgresql/$version/$name" ]; then
    log "creating cluster $version/$name on port $PG_PORT"
    as_root pg_createcluster --port "$PG_PORT" "$version" "$name" >/dev/null
  fi
  log "starting cluster $version/$name"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start ||
    log "pg_ctlcluster reported a failure; waiting to see whether the server answers anyway"
}

# Adds trust rules for loopback TCP at the top of pg_hba.conf (first match wins) and reloads.
trust_local_tcp() {
  local cluster version name hba
  cluster="$(find_cluster)" || die "cannot find the cluster's pg_hba.conf"
  read -r version name <<<"$cluster"
  hba="/etc/postgresql/$version/$name/pg_hba.conf"
  [ -f "$hba" ] || die "$hba not found"
  log "allowing trust authentication for TCP connections from 127.0.0.1 and ::1 in $hba"
  as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" reload
  sleep 1
}

if answers; then
  log "PostgreSQL answers at $PG_HOST:$PG_PORT"
else
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    install_postgres
  fi
  answers || start_cluster
  wait_until_it_answers || die "PostgreSQL does not answer at $PG_HOST:$PG_PORT after ${WAIT_SECONDS}s"
  log "PostgreSQL answers at $PG_HOST:$PG_PORT"
fi

if ! command -v psql >/dev/null 2>&1; then
  log "psql is not installed: installing postgresql-client with apt-get"
  command -v apt-get >/dev/null 2>&1 || die "psql not found: install postgresql-client"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null
fi
if ! psql_postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  trust_local_tcp
  psql_postgres -d postgres -tAc 'select 1' >/dev/null ||
    die "cannot connect as postgres to $PG_HOST:$PG_PORT without a password, even after allowing trust"
fi

if [ "$(psql_postgres -d postgres -tAc "select 1 from pg_database where datname = '$PG_DATABASE'")" != 1 ]; then
  log "creating database $PG_DATABASE"
  psql_postgres -d postgres -qc "create database \"$PG_DATABASE\""
fi
log "ready: postgres://postgres@$PG_HOST:$PG_PORT/$PG_DATABASE ($(psql_postgres -d "$PG_DATABASE" -tAc 'show server_version'))"

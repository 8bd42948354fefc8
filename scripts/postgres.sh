#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL 15 cluster on a loopback port, from the
# machine's packages. Used by .ci/run for the PostgreSQL tests.
#
#   scripts/postgres.sh start DIR [PORT]   -> prints the SQLAlchemy URL of database "siklus"
#   scripts/postgres.sh stop DIR
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?folder for the cluster}
port=${3:-55432}
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "'$bin/initdb' -D '$dir/data' -A trust -U siklus -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_pg "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
      -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null
    as_pg "'$bin/psql' -h 127.0.0.1 -p $port -U siklus -d postgres -qtc \"SELECT 1 FROM pg_database WHERE datname='siklus'\" | grep -q 1 \
      || '$bin/createdb' -h 127.0.0.1 -p $port -U siklus siklus"
    echo "postgresql+psycopg://siklus@127.0.0.1:$port/siklus"
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] && as_pg "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop" >/dev/null || true
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac

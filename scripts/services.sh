#!/usr/bin/env bash
# Test services for `make test`: a throwaway PostgreSQL server and headless Chromium.
#   scripts/services.sh start   # installs what is missing (Debian apt), starts PostgreSQL,
#                               # writes .services.env (TACITUS_TEST_PG_URL=...)
#   scripts/services.sh stop
# Without root or apt the tests that need a service are skipped and say why.
set -uo pipefail
cd "$(dirname "$0")/.."
PGDIR=${TACITUS_PG_DIR:-/tmp/tacitus-test-pg}
PGPORT=${TACITUS_PG_PORT:-54329}
ENVFILE=.services.env

apt_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || { echo "services: cannot install $* (need root + apt)"; return 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1; }
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_pg() {
  [ -n "$(pg_bin)" ] || apt_install postgresql || return 1
  local bin; bin=$(pg_bin)
  if [ -f "$PGDIR/postmaster.pid" ] && as_postgres "$bin/pg_ctl" -D "$PGDIR" status >/dev/null 2>&1; then
    echo "services: PostgreSQL already running on $PGPORT"
  else
    rm -rf "$PGDIR"; mkdir -p "$PGDIR"
    [ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
    as_postgres "$bin/initdb" -D "$PGDIR" -A trust -U postgres >/dev/null || return 1
    as_postgres "$bin/pg_ctl" -D "$PGDIR" -l "$PGDIR/log" -w \
      -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || return 1
  fi
  "$bin/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='tacitus_test'" \
    | grep -q 1 || "$bin/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres tacitus_test
  echo "TACITUS_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$PGPORT/tacitus_test" >> "$ENVFILE"
  echo "services: PostgreSQL on 127.0.0.1:$PGPORT"
}

start_browser() {
  bash scripts/setup_browser.sh >/dev/null || return 1
  echo "services: $(/usr/bin/chromium --version 2>/dev/null)"
}

case "${1:-start}" in
  start)
    : > "$ENVFILE"
    start_pg || echo "services: PostgreSQL unavailable; PostgreSQL tests will be skipped"
    start_browser || echo "services: chromium unavailable; browser tests will be skipped"
    ;;
  stop)
    bin=$(pg_bin)
    [ -n "$bin" ] && [ -d "$PGDIR" ] && as_postgres "$bin/pg_ctl" -D "$PGDIR" -m fast stop >/dev/null 2>&1
    rm -f "$ENVFILE"
    ;;
esac
exit 0

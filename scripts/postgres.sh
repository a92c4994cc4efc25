#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server for the tests, then stops it.
#   scripts/postgres.sh exec CMD [ARGS...]
# The server lives in a temp dir, listens on 127.0.0.1 only (and a socket in that dir),
# has a random password, and is stopped and deleted when CMD ends (trap), even on Ctrl-C;
# a watchdog stops it too if this script is killed. CMD sees
#   KIOSK_TEST_POSTGRES_URL   postgresql+psycopg://kiosk:...@127.0.0.1:PORT/kiosk_test
# or, when no server could be started, KIOSK_TEST_POSTGRES_SKIP with the reason (the
# PostgreSQL tests then skip with it). An URL already set in the environment is used as is.
# As root, Debian's `postgresql` is installed when missing (without starting its own
# cluster) and the server runs as the `postgres` user; otherwise as the current user.
set -uo pipefail

if [ "${1:-}" != exec ] || [ $# -lt 2 ]; then
  echo "Cách dùng: $0 exec LỆNH [THAM SỐ...]" >&2
  exit 2
fi
shift

if [ -n "${KIOSK_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

tmp_root=${TMPDIR:-/tmp}
pg_bin=""
find_bin() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | while read -r d; do
             [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/psql" ] && echo "$d"; done | tail -n 1)
}

as_owner() {
  # run a PostgreSQL tool as the server's owner (initdb and postgres refuse root)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_postgresql() {
  echo "Cài PostgreSQL cho các bài kiểm tra nhiều quầy (apt-get install postgresql)…"
  export DEBIAN_FRONTEND=noninteractive
  # keep the package from starting its own cluster: only the throw-away server below runs
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && guard=yes
  fi
  local ok=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null; } || ok=1
  [ -n "$guard" ] && rm -f /usr/sbin/policy-rc.d
  return $ok
}

stop_server() {
  # $1 = the temp dir of a server started by this script
  local dir=$1
  if [ -f "$dir/data/postmaster.pid" ] && [ -n "$(cat "$dir/bin" 2>/dev/null)" ]; then
    as_owner "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
      as_owner "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
  fi
  rm -rf "$dir"
}

# leftovers of a run whose script and watchdog were both killed: stop them first
for old in "$tmp_root"/kiosk-pg.*; do
  [ -d "$old" ] || continue
  owner=$(cat "$old/owner.pid" 2>/dev/null || echo)
  if [ -z "$owner" ] || ! kill -0 "$owner" 2>/dev/null; then stop_server "$old"; fi
done

reason=""
find_bin
if [ -z "$pg_bin" ]; then
  if [ "$(id -u)" = 0 ]; then
    install_postgresql || reason="không cài được gói postgresql (apt-get install postgresql thất bại)"
    find_bin
    [ -z "$pg_bin" ] && [ -z "$reason" ] && reason="đã cài postgresql nhưng không thấy initdb/pg_ctl/psql"
  else
    reason="chưa cài PostgreSQL; hãy chạy: sudo apt-get install -y --no-install-recommends postgresql"
  fi
fi
if [ -z "$reason" ] && [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  reason="không có người dùng hệ thống 'postgres' để chạy máy chủ thử"
fi

dir=""
start_server() {
  dir=$(mktemp -d "$tmp_root/kiosk-pg.XXXXXX") || return 1
  echo $$ > "$dir/owner.pid"
  echo "$pg_bin" > "$dir/bin"
  local password
  password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  ( umask 077; printf '%s\n' "$password" > "$dir/pw" )
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir" "$dir/pw"; fi
  chmod 700 "$dir"
  as_owner "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile="$dir/pw" \
    -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 || { reason="initdb thất bại: $(tail -n 3 "$dir/initdb.log")"; return 1; }
  # first free port from 55432 (another test run may hold it)
  local port=55432
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c max_connections=60" start >/dev/null 2>&1 ||
    { reason="không khởi động được máy chủ PostgreSQL thử: $(tail -n 3 "$dir/server.log" 2>/dev/null)"; return 1; }
  local app_password
  app_password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  # the kiosk connects as an ordinary role owning its database, as a commune sets it up; CREATEDB
  # only so that tests can make an empty database of their own (`db copy-to`, two PCs printing)
  PGPASSWORD=$password "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE kiosk LOGIN CREATEDB PASSWORD '$app_password'" \
    -c "CREATE DATABASE kiosk_test OWNER kiosk ENCODING 'UTF8' TEMPLATE template0" >"$dir/psql.log" 2>&1 ||
    { reason="không tạo được cơ sở dữ liệu thử: $(tail -n 3 "$dir/psql.log")"; return 1; }
  export KIOSK_TEST_POSTGRES_URL="postgresql+psycopg://kiosk:$app_password@127.0.0.1:$port/kiosk_test"
  echo "Máy chủ PostgreSQL thử: 127.0.0.1:$port ($("$pg_bin/postgres" --version)), thư mục $dir"
}

cleanup() {
  trap - EXIT INT TERM HUP
  [ -n "${watchdog:-}" ] && kill "$watchdog" 2>/dev/null
  if [ -n "$dir" ]; then
    stop_server "$dir"
    echo "Đã dừng máy chủ PostgreSQL thử."
  fi
}

watchdog=""
if [ -z "$reason" ]; then
  trap 'cleanup; exit 130' INT
  trap 'cleanup; exit 143' TERM
  trap 'cleanup; exit 129' HUP
  trap cleanup EXIT
  if start_server; then
    # if this script is killed without running its trap, stop the server anyway
    ( trap - EXIT INT TERM HUP
      while kill -0 $$ 2>/dev/null; do sleep 2; done
      stop_server "$dir" ) </dev/null >/dev/null 2>&1 &
    watchdog=$!
  else
    stop_server "$dir"
    dir=""
  fi
fi
if [ -n "$reason" ]; then
  echo "Bỏ qua các bài kiểm tra PostgreSQL: $reason"
  export KIOSK_TEST_POSTGRES_SKIP="$reason"
fi

"$@"
status=$?
cleanup
exit $status

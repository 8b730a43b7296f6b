#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers for the test suite (default 127.0.0.1:5432, user postgres).
# 1. already answering: done.  2. a Debian cluster is installed but stopped: start it.
# 3. only the binaries: create a private trust-auth cluster in $PGDATA_DIR and start it.
# Outside CI a machine without PostgreSQL only warns (the PostgreSQL tests then skip);
# with CI=true it fails, because CI must never silently skip PostgreSQL.
set -u
host=${LEDGER_TEST_PG_HOST:-127.0.0.1}
port=${LEDGER_TEST_PG_PORT:-5432}
data_dir=${PGDATA_DIR:-/tmp/rotation-ledger-pgdata}

ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$host" -p "$port"; }

ready && exit 0

if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  done
  for _ in $(seq 1 20); do ready && exit 0; sleep 0.5; done
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -n "$bindir" ] && [ -x "$bindir/initdb" ]; then
  as_owner=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    mkdir -p "$data_dir" && chown postgres "$data_dir"
    as_owner=(runuser -u postgres --)
  fi
  [ -f "$data_dir/PG_VERSION" ] || "${as_owner[@]}" "$bindir/initdb" -D "$data_dir" -U postgres --auth=trust >/dev/null
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" \
    -o "-h $host -p $port -k /tmp" start >/dev/null
  for _ in $(seq 1 40); do ready && exit 0; sleep 0.5; done
fi

echo "PostgreSQL is not reachable at $host:$port." >&2
if [ "${CI:-}" = "true" ]; then
  echo "CI=true: the PostgreSQL tests must run; failing." >&2
  exit 1
fi
echo "Continuing: the PostgreSQL tests will be skipped on this machine." >&2
exit 0

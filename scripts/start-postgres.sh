#!/usr/bin/env bash
# Start a local PostgreSQL server for the test suite and print its URL on stdout.
# Installs nothing (scripts/setup-system.sh does); needs root (CI is root).
# Prints nothing when PostgreSQL cannot be started here; the PostgreSQL tests then
# skip, except under CI=true, where they fail.
set -u
command -v pg_lsclusters >/dev/null 2>&1 || exit 0
[ "$(id -u)" -eq 0 ] || exit 0
version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
[ -n "$version" ] || exit 0
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx main; then
  pg_createcluster "$version" main >/dev/null 2>&1 || exit 0
fi
if ! pg_lsclusters -h | awk '$2 == "main" {print $4}' | grep -qx online; then
  # started here: scripts/stop-postgres.sh stops it again after the tests
  pg_ctlcluster "$version" main start >/dev/null 2>&1 && touch "${TMPDIR:-/tmp}/jixiao-test-postgres.started"
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 0.5
done
su postgres -c "psql -qAtc \"select 1 from pg_roles where rolname='jixiao'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role jixiao login password 'jixiao' createdb\"" >/dev/null
su postgres -c "psql -qAtc \"select 1 from pg_database where datname='jixiao_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O jixiao jixiao_test" >/dev/null
port=$(pg_lsclusters -h | awk '$2 == "main" {print $3; exit}')
echo "postgresql+psycopg://jixiao:jixiao@127.0.0.1:${port:-5432}/jixiao_test"

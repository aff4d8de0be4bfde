#!/usr/bin/env bash
# Stop the PostgreSQL server that scripts/start-postgres.sh started for the tests
# (a server that was already running before is left alone).
set -u
marker="${TMPDIR:-/tmp}/jixiao-test-postgres.started"
[ -e "$marker" ] || exit 0
version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
[ -n "$version" ] && pg_ctlcluster "$version" main stop >/dev/null 2>&1
rm -f "$marker"
exit 0

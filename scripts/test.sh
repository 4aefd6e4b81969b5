#!/usr/bin/env bash
# Install what the tests need and run the whole suite: on SQLite (the embedded default), then on
# PostgreSQL when one answers at $CONTINGENT_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
. .venv/bin/activate
python -m pip install -q --upgrade pip >/dev/null
python -m pip install -q -e '.[test]'
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium for the browser tests" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium >/dev/null
fi
ruff check src tests benchmarks
export CONTINGENT_DATA_DIR="${CONTINGENT_DATA_DIR:-$(mktemp -d)}"
python -m django makemigrations --check --dry-run --settings=contingent.settings >/dev/null
echo "== tests on SQLite"
env -u CONTINGENT_DATABASE_URL python -m pytest "$@"
PG="${CONTINGENT_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}"
if python -c "import psycopg,sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$PG" 2>/dev/null; then
  echo "== tests on PostgreSQL ($PG)"
  CONTINGENT_DATABASE_URL="$PG" python -m pytest "$@"
elif [ "${CONTINGENT_REQUIRE_POSTGRES:-0}" = 1 ]; then
  echo "PostgreSQL is required but does not answer at $PG" >&2
  exit 1
else
  echo "== PostgreSQL not reachable at $PG: skipped the PostgreSQL run" >&2
fi

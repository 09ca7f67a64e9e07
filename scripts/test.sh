#!/usr/bin/env bash
# Runs every test against the real stack, on a fresh machine too: installs what is missing,
# builds, starts the test-profile stack (own ports and data folder, so a running dev stack
# is untouched), runs jest, and stops what it started. Extra arguments go to jest.
# Tests wipe their stack's database: never run them on the dev profile.
case "${INCIDENT_DESK_PROFILE:-}" in test | test[2-5]) ;; *) export INCIDENT_DESK_PROFILE=test ;; esac
source "$(dirname "$0")/env.sh"
cd "$ROOT"
started=$(date +%s)
# Request Tracker and Redmine (docs/sync.md) only for a run that includes the sync tests: the
# whole suite, or named tests under tests/sync.
with_sync=""; case " $* " in "  " | *sync*) with_sync=sync ;; esac
# With them, the test worker runs the sync's workflows (tests/sync/workflows.test.ts): a pass
# a second when sync tests are named, the default 3 s in the whole suite, where the passes run
# beside every other suite for all its length (docs/sync.md, "Beside the other suites").
if [ -n "$with_sync" ]; then
  export SYNC_ENABLED=true
  case " $* " in "  ") ;; *) export SYNC_POLL_SECONDS=1 ;; esac
fi
bash scripts/install.sh $with_sync
say "building"
npm run --silent build
say "lint and type checks (server, tests, web)"
npm run --silent lint
npx tsc -p tests/tsconfig.json --noEmit
npm run --silent check:web
say "starting the test stack"
trap 'bash scripts/stack.sh stop >/dev/null 2>&1 || true; bash scripts/stack.sh stop sync >/dev/null 2>&1 || true' EXIT
# Every run starts from an empty Temporal store, as the database is wiped too: workflows left
# by an earlier run would keep retrying against rows that are gone and load the worker.
bash scripts/stack.sh stop temporal >/dev/null 2>&1 || true
rm -f "$DATA_DIR"/temporal.db*
PROMETHEUS_SCRAPE_INTERVAL=2s bash scripts/stack.sh start postgres temporal keycloak prometheus mail smsc rabbitmq $with_sync
set +e
NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" npx jest --runInBand "$@"
status=$?
set -e
say "tests finished in $(( $(date +%s) - started ))s with exit code $status"
exit $status

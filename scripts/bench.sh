#!/usr/bin/env bash
# Benchmark (bench/run.ts) on a stack of its own (profile test4 unless set), with a fresh
# database. Figures are ratios to baselines taken in the same run; see docs/performance.md.
export INCIDENT_DESK_PROFILE="${INCIDENT_DESK_PROFILE:-test4}"
source "$(dirname "$0")/env.sh"
cd "$ROOT"
# Long assignment retries: agents fill up quickly, and idle retries would load the machine.
export ASSIGN_RETRY_SECONDS="${BENCH_ASSIGN_RETRY_SECONDS:-600}"
export LOG_LEVEL="${LOG_LEVEL:-warn}"
# RT and Redmine (docs/sync.md) only for a run that includes the sync stage.
with_sync=""; if [ -z "${BENCH_STAGES:-}" ] || [[ ",$BENCH_STAGES," == *",sync,"* ]]; then with_sync=sync; fi
bash scripts/install.sh $with_sync
say "building"
npm run --silent build
trap 'bash scripts/temporal-postgres.sh stop >/dev/null 2>&1; bash scripts/stack.sh stop >/dev/null 2>&1 || true; [ -z "$with_sync" ] || bash scripts/stack.sh stop sync >/dev/null 2>&1 || true' EXIT
# Every run starts from an empty Temporal store, so runs compare.
bash scripts/stack.sh stop temporal >/dev/null 2>&1 || true
rm -f "$DATA_DIR"/temporal.db*
# Notifications go over SMTP to the local mail server, as on the local stack.
if [ "${BENCH_TEMPORAL:-dev}" = postgres ]; then
  # The server as production runs it (PostgreSQL persistence), instead of the CLI's dev server.
  bash scripts/stack.sh start postgres keycloak mail smsc rabbitmq
  bash scripts/temporal-postgres.sh start
else
  bash scripts/stack.sh start postgres temporal keycloak mail smsc rabbitmq
fi
[ -z "$with_sync" ] || bash scripts/stack.sh start sync
say "fresh database for the benchmark"
psql -h 127.0.0.1 -p "$PG_PORT" -U incidentdesk -d incidentdesk -v ON_ERROR_STOP=1 -qc 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;'
npx prisma migrate deploy >/dev/null
node dist/scripts/seed.js
rm -rf "$CHDB_PATH"
# BENCH_STAGES picks stages (e.g. "intake" or "board,scale"); all of them by default.
run_stage() {
  [ -z "${BENCH_STAGES:-}" ] || [[ ",$BENCH_STAGES," == *",$1,"* ]] || return 0
  say "$2"
  node "dist/bench/$3.js"
}
run_stage board "board with 500 and with 100,000 open incidents in Chromium" boardRender
run_stage typing "operator intake speed in Chromium" intakeSpeed
run_stage ring "ring event to caller card in Chromium (telephony)" ringToCard
run_stage work "server work per request: history events, activity and workflow tasks from filing to closing" serverWork
run_stage intake "intake and state changes (Temporal: ${BENCH_TEMPORAL:-dev} server)" run
run_stage scale "the domain API at scale: 1,000,000 incidents, 100,000 clients, 50 departments" scale
run_stage sms "SMS submit to delivery receipt recorded against a raw submit_sm->receipt (SMSC stand-in)" smsReceipts
run_stage email "e-mail to request against a raw IMAP fetch of the same messages (local Postfix and Dovecot)" emailIntake
run_stage bus "bus message to started request against a raw consume-and-ack of the same messages (local RabbitMQ)" busIntake
run_stage chat "live chat fan-out with 500 open conversations against a bare echo over the same socket; the widget's weight" chatFanout
run_stage analytics "analytics at 10,000,000 events: load, the relay's writer, dashboard panels, reports (own chDB store in \$DATA_DIR/bench-chdb)" analytics
run_stage sync "sync with Request Tracker: lag under a steady stream and backfill throughput against raw REST2 calls (local RT 5)" syncLag

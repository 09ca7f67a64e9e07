#!/usr/bin/env bash
# A Temporal server as production runs it (server 1.29.1 with its PostgreSQL persistence and
# SQL visibility) on this machine, for `BENCH_TEMPORAL=postgres npm run bench`: built once from
# the Go module proxy into the cache, its databases made fresh in the stack's PostgreSQL, its
# configuration rendered from the module's own development-postgres12.yaml with this profile's
# ports. Usage: scripts/temporal-postgres.sh start|stop
source "$(dirname "$0")/env.sh"
TEMPORAL_SERVER_VERSION="${TEMPORAL_SERVER_VERSION:-v1.29.1}"
SERVER_BIN="$CACHE/bin/temporal-server-$TEMPORAL_SERVER_VERSION"
SQL_TOOL="$CACHE/bin/temporal-sql-tool-$TEMPORAL_SERVER_VERSION"
CONF="$DATA_DIR/temporal-postgres"
PID_FILE="$PID_DIR/temporal-postgres.pid"

build() {
  [ -x "$SERVER_BIN" ] && [ -x "$SQL_TOOL" ] && return
  say "building Temporal server $TEMPORAL_SERVER_VERSION from the Go module proxy (first time only, several minutes)"
  local out
  out="$(mktemp -d)"
  GOBIN="$out" GOFLAGS=-trimpath go install "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
  mkdir -p "$(dirname "$SERVER_BIN")"
  mv "$out/server" "$SERVER_BIN" && mv "$out/sql" "$SQL_TOOL" && rmdir "$out"
}

fresh_databases() {
  local module
  module="$(go env GOMODCACHE)/go.temporal.io/server@$TEMPORAL_SERVER_VERSION"
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc \
    "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'temporal') THEN CREATE ROLE temporal LOGIN SUPERUSER PASSWORD 'temporal'; END IF; END\$\$;"
  export SQL_PLUGIN=postgres12 SQL_HOST=127.0.0.1 SQL_PORT="$PG_PORT" SQL_USER=temporal SQL_PASSWORD=temporal
  local db dir
  for db in temporal temporal_visibility; do
    dir=temporal
    [ "$db" = temporal_visibility ] && dir=visibility
    "$SQL_TOOL" --db "$db" drop -f >/dev/null 2>&1 || true
    "$SQL_TOOL" --db "$db" create-database >/dev/null
    "$SQL_TOOL" --db "$db" setup-schema -v 0.0 >/dev/null
    "$SQL_TOOL" --db "$db" update-schema -d "$module/schema/postgresql/v12/$dir/versioned" >/dev/null
  done
  mkdir -p "$CONF/dynamicconfig"
  cp "$module/config/dynamicconfig/development-sql.yaml" "$CONF/dynamicconfig/"
  # Ports: the frontend on this profile's TEMPORAL_PORT, the other services beside it; the
  # membership ports must fit PostgreSQL's smallint.
  local front=$TEMPORAL_PORT member=$((20000 + TEMPORAL_PORT % 10000))
  sed -e "s/127.0.0.1:5432/127.0.0.1:$PG_PORT/" -e "s/localhost:7233/localhost:$front/" \
    -e "s/grpcPort: 7233/grpcPort: $front/" -e "s/grpcPort: 7234/grpcPort: $((front + 1))/" \
    -e "s/grpcPort: 7235/grpcPort: $((front + 2))/" -e "s/grpcPort: 7239/grpcPort: $((front + 6))/" \
    -e "s/httpPort: 7243/httpPort: $((front + 10))/" -e "s/port: 7936/port: $((front + 703))/" \
    -e "s/127.0.0.1:8000/127.0.0.1:$((front + 767))/" \
    -e "s/membershipPort: 6933/membershipPort: $member/" -e "s/membershipPort: 6934/membershipPort: $((member + 1))/" \
    -e "s/membershipPort: 6935/membershipPort: $((member + 2))/" -e "s/membershipPort: 6939/membershipPort: $((member + 6))/" \
    -e "s#config/dynamicconfig/development-sql.yaml#$CONF/dynamicconfig/development-sql.yaml#" -e "s/level: info/level: warn/" \
    "$module/config/development-postgres12.yaml" > "$CONF/development-postgres12.yaml"
}

case "${1:-}" in
  start)
    build
    bash "$ROOT/scripts/stack.sh" stop temporal >/dev/null 2>&1 || true
    fresh_databases
    mkdir -p "$LOG_DIR" "$PID_DIR"
    "$SERVER_BIN" --root "$CONF" --config . --env development-postgres12 --allow-no-auth start >"$LOG_DIR/temporal-postgres.log" 2>&1 &
    echo $! > "$PID_FILE"
    for _ in $(seq 1 60); do
      "$TEMPORAL_BIN" operator namespace describe -n "${TEMPORAL_NAMESPACE:-default}" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1 && break
      "$TEMPORAL_BIN" operator namespace create -n "${TEMPORAL_NAMESPACE:-default}" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1 || sleep 1
    done
    "$TEMPORAL_BIN" operator namespace describe -n "${TEMPORAL_NAMESPACE:-default}" --address "$TEMPORAL_ADDRESS" >/dev/null ||
      die "Temporal server on PostgreSQL did not come up; see $LOG_DIR/temporal-postgres.log"
    say "temporal server $TEMPORAL_SERVER_VERSION on PostgreSQL ready on $TEMPORAL_ADDRESS"
    ;;
  stop)
    [ -f "$PID_FILE" ] && kill "$(cat "$PID_FILE")" 2>/dev/null || true
    rm -f "$PID_FILE"
    ;;
  *) die "usage: scripts/temporal-postgres.sh start|stop" ;;
esac

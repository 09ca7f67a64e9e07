#!/usr/bin/env bash
# Runs when the ClickHouse container initialises (docker-compose mounts it into
# /docker-entrypoint-initdb.d): Grafana's own user, read-only (readonly = 1 refuses every write
# and every settings change) and limited to SELECT on the desk's analytics database.
set -euo pipefail
: "${CLICKHOUSE_USER:?}" "${CLICKHOUSE_PASSWORD:?}" "${CLICKHOUSE_DB:?}" "${GRAFANA_CLICKHOUSE_PASSWORD:?}"
case $GRAFANA_CLICKHOUSE_PASSWORD in *\'* | *\\*) echo 'GRAFANA_CLICKHOUSE_PASSWORD: no quotes or backslashes (openssl rand -hex 32)' >&2 && exit 1 ;; esac
clickhouse client --user "$CLICKHOUSE_USER" --password "$CLICKHOUSE_PASSWORD" --multiquery <<SQL
CREATE USER IF NOT EXISTS grafana_reader IDENTIFIED WITH sha256_password BY '$GRAFANA_CLICKHOUSE_PASSWORD' SETTINGS readonly = 1;
GRANT SELECT ON $CLICKHOUSE_DB.* TO grafana_reader;
SQL

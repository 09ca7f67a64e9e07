#!/usr/bin/env bash
# Starts, stops and reports the local infrastructure: PostgreSQL, Temporal dev server,
# Keycloak (dev mode, realm keycloak/realm.json plus the demo users and password-grant test
# client of keycloak/realm.dev.json), Prometheus and the local mail servers
# (Dovecot and Postfix, scripts/mail-config.sh) that receive the notifications sent over SMTP,
# the local stand-in of Telegram's Bot API (scripts/telegram-server.ts), the SMSC stand-in
# (scripts/smsc-server.ts) that takes the SMS over SMPP, and RabbitMQ for the enterprise bus (docs/bus.md).
# On request only ("sync", or "rt" and "redmine"; scripts/sync-stack.sh): Request Tracker 5 and
# Redmine 5, the systems the sync mirrors (docs/sync.md).
# Usage: scripts/stack.sh start|stop|status|wipe [service...]
# Everything binds 127.0.0.1 and keeps its data in $DATA_DIR. Start and stop are idempotent.
source "$(dirname "$0")/env.sh"
mkdir -p "$LOG_DIR" "$PID_DIR"
IS_ROOT=0; [ "$(id -u)" = 0 ] && IS_ROOT=1

pid_alive() { [ -f "$PID_DIR/$1.pid" ] && kill -0 "$(cat "$PID_DIR/$1.pid")" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_listening() { ss -Hltn "sport = :$1" | grep -q .; }
wait_for() { # name, seconds, command...
  local name=$1 secs=$2; shift 2
  for _ in $(seq 1 $((secs * 2))); do "$@" && return 0; pid_alive "$name" || die "$name exited; see $LOG_DIR/$name.log"; sleep 0.5; done
  die "$name did not become ready in ${secs}s; see $LOG_DIR/$name.log"
}
launch() { # name, command... (detached, own process group)
  local name=$1; shift
  setsid "$@" >"$LOG_DIR/$name.log" 2>&1 < /dev/null &
  echo $! >"$PID_DIR/$name.pid"
}
as_pg() { if [ $IS_ROOT = 1 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
# PostgreSQL refuses to run as root, so as root it runs as the postgres user (see DATA_DIR in env.sh).
PG_HOME="$DATA_DIR/pg"; PG_LOG="$LOG_DIR/postgres.log"

start_postgres() {
  [ -x "$PG_BIN/postgres" ] || die "PostgreSQL server not found; run scripts/install.sh"
  local pgdata="$PG_HOME"
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"; [ $IS_ROOT = 1 ] && chown postgres "$pgdata" && chmod 700 "$pgdata"
    as_pg "$PG_BIN/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$LOG_DIR/initdb.log" 2>&1 || die "initdb failed; see $LOG_DIR/initdb.log"
  fi
  if as_pg "$PG_BIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then say "postgres already running on $PG_PORT"; else
    touch "$PG_LOG"; [ $IS_ROOT = 1 ] && chown postgres "$PG_LOG"
    as_pg "$PG_BIN/pg_ctl" -D "$pgdata" -l "$PG_LOG" -w -t 60 \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $pgdata -c max_connections=200 -c fsync=${PG_FSYNC:-on}" start >/dev/null \
      || die "postgres failed to start; see $PG_LOG"
  fi
  local psql=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
  if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='incidentdesk'")" != 1 ]; then
    "${psql[@]}" -c "create role incidentdesk login createdb password 'incidentdesk'"
  fi
  for db in incidentdesk keycloak; do
    [ "$("${psql[@]}" -c "select 1 from pg_database where datname='$db'")" = 1 ] || "${psql[@]}" -c "create database $db owner incidentdesk"
  done
  say "postgres ready on 127.0.0.1:$PG_PORT"
}

start_temporal() {
  [ -x "$TEMPORAL_BIN" ] || die "Temporal CLI not found at $TEMPORAL_BIN; run scripts/install.sh"
  if pid_alive temporal; then say "temporal already running on $TEMPORAL_PORT"; return; fi
  # WAL with synchronous=normal survives a killed server (tested) without an fsync per commit;
  # only an operating-system crash could lose the last transactions. Production uses PostgreSQL.
  local pragmas="" p
  for p in ${TEMPORAL_SQLITE_PRAGMAS:-journal_mode=wal synchronous=normal}; do pragmas+=" --sqlite-pragma $p"; done
  launch temporal "$TEMPORAL_BIN" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
    --db-filename "$DATA_DIR/temporal.db" --log-level warn $pragmas
  wait_for temporal 60 port_open "$TEMPORAL_PORT"
  say "temporal ready on $TEMPORAL_ADDRESS (UI http://127.0.0.1:$TEMPORAL_UI_PORT)"
}

start_keycloak() {
  [ -x "$KEYCLOAK_DIST/bin/kc.sh" ] || die "Keycloak not found at $KEYCLOAK_DIST; run scripts/install.sh"
  if pid_alive keycloak; then say "keycloak already running on $KEYCLOAK_PORT"; return; fi
  local home="$DATA_DIR/keycloak"
  if [ ! -x "$home/bin/kc.sh" ]; then rm -rf "$home"; cp -r "$KEYCLOAK_DIST" "$home"; fi
  mkdir -p "$home/data/import"
  node "$ROOT/scripts/render-realm.mjs" --dev > "$home/data/import/incident-desk-realm.json"
  KC_BOOTSTRAP_ADMIN_USERNAME="${KEYCLOAK_ADMIN_USER:-admin}" KC_BOOTSTRAP_ADMIN_PASSWORD="${KEYCLOAK_ADMIN_PASSWORD:-admin}" \
  JAVA_OPTS_KC_HEAP="-Xms128m -Xmx768m" \
  launch keycloak "$home/bin/kc.sh" start-dev --http-host 127.0.0.1 --http-port "$KEYCLOAK_PORT" --import-realm \
    --db postgres --db-url "jdbc:postgresql://127.0.0.1:$PG_PORT/keycloak" --db-username incidentdesk --db-password incidentdesk \
    --health-enabled true --cache local --http-management-port "$KEYCLOAK_MGMT_PORT" --features=update-email
  # A first start builds Keycloak's Quarkus image and its database schema: 101 s and 62 s on
  # this machine with four other stacks starting beside it (load average 15), over the 240 s
  # allowed until then; a healthy start is done in 25-40 s, so the wait costs nothing then.
  wait_for keycloak "${KEYCLOAK_START_SECONDS:-600}" curl -fs -o /dev/null "$KEYCLOAK_URL/realms/incident-desk/.well-known/openid-configuration"
  say "keycloak ready on $KEYCLOAK_URL (admin console: admin / ${KEYCLOAK_ADMIN_PASSWORD:-admin})"
}

start_prometheus() {
  command -v prometheus >/dev/null || die "prometheus not found; run scripts/install.sh"
  if pid_alive prometheus; then say "prometheus already running on $PROMETHEUS_PORT"; return; fi
  mkdir -p "$DATA_DIR/prometheus"
  sed -e "s/app:9463/127.0.0.1:$APP_METRICS_PORT/; s/worker:9464/127.0.0.1:$WORKER_METRICS_PORT/; s/worker:9474/127.0.0.1:${TEMPORAL_SDK_METRICS_PORT:-9474}/; s#/etc/prometheus/#$ROOT/prometheus/#" \
      -e "s/scrape_interval: 15s/scrape_interval: ${PROMETHEUS_SCRAPE_INTERVAL:-15s}/" \
    "$ROOT/prometheus/prometheus.yml" > "$DATA_DIR/prometheus.yml"
  launch prometheus prometheus --config.file="$DATA_DIR/prometheus.yml" --storage.tsdb.path="$DATA_DIR/prometheus" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
  wait_for prometheus 60 curl -fs -o /dev/null "http://127.0.0.1:$PROMETHEUS_PORT/-/ready"
  say "prometheus ready on http://127.0.0.1:$PROMETHEUS_PORT"
}

source "$ROOT/scripts/mail-config.sh"
source "$ROOT/scripts/sync-stack.sh"
# The mail servers (scripts/mail-config.sh): Dovecot (IMAP, LMTP) and Postfix (SMTP); "mail" is both.
start_dovecot() {
  command -v dovecot >/dev/null || die "dovecot not found; run scripts/install.sh"
  if pid_alive dovecot; then say "dovecot already running on $MAIL_IMAP_PORT"; return; fi
  write_dovecot_conf
  launch dovecot dovecot -F -c "$MAIL_CONF/dovecot/dovecot.conf"
  wait_for dovecot 30 port_open "$MAIL_IMAP_PORT"
  wait_for dovecot 30 port_open "$MAIL_LMTP_PORT"
  say "dovecot ready: IMAP 127.0.0.1:$MAIL_IMAP_PORT (any address, password $MAIL_PASSWORD), LMTP $MAIL_LMTP_PORT"
}
start_postfix() {
  command -v postfix >/dev/null || die "postfix not found; run scripts/install.sh"
  if pid_alive postfix; then say "postfix already running on $MAIL_SMTP_PORT"; return; fi
  [ $IS_ROOT = 1 ] || die "postfix needs root to start"
  write_postfix_conf
  postfix -c "$MAIL_CONF/postfix" check >"$LOG_DIR/postfix-check.log" 2>&1 || die "postfix check failed; see $LOG_DIR/postfix-check.log"
  # The master daemon makes itself a session leader: its pid (its process group with every
  # smtpd, so that a stop also ends the connections senders keep open) is what stop kills.
  postfix -c "$MAIL_CONF/postfix" start >"$LOG_DIR/postfix-start.log" 2>&1 || die "postfix failed to start; see $LOG_DIR/postfix.log"
  for _ in $(seq 1 60); do [ -s "$MAIL_CONF/postfix/queue/pid/master.pid" ] && break; sleep 0.5; done
  tr -d ' ' <"$MAIL_CONF/postfix/queue/pid/master.pid" >"$PID_DIR/postfix.pid"
  wait_for postfix 30 port_open "$MAIL_SMTP_PORT"
  say "postfix ready: SMTP 127.0.0.1:$MAIL_SMTP_PORT -> dovecot; every message copied to $MAIL_CATCH_ALL"
}
start_mail() { start_dovecot; start_postfix; }

# The Bot API stand-in (scripts/telegram-server.ts, from the build) for the demo's bot.
start_telegram() {
  [ -f "$ROOT/dist/scripts/telegram-server.js" ] || die "not built: run npm run build"
  if pid_alive telegram; then say "telegram stand-in already running on $TELEGRAM_STANDIN_PORT"; return; fi
  launch telegram node "$ROOT/dist/scripts/telegram-server.js"
  wait_for telegram 30 port_open "$TELEGRAM_STANDIN_PORT"
  say "telegram Bot API stand-in ready on http://127.0.0.1:$TELEGRAM_STANDIN_PORT"
}

# The SMSC stand-in (scripts/smsc-server.ts, from the build): real SMPP on SMPP_PORT.
start_smsc() {
  if pid_alive smsc; then say "smsc already running on $SMPP_PORT"; return; fi
  [ -f "$ROOT/dist/scripts/smsc-server.js" ] || die "smsc: not built (npm run build)"
  launch smsc node "$ROOT/dist/scripts/smsc-server.js"
  wait_for smsc 30 port_open "$SMSC_CONTROL_PORT"
  say "smsc ready: SMPP 127.0.0.1:$SMPP_PORT (system_id $SMPP_SYSTEM_ID), control http://127.0.0.1:$SMSC_CONTROL_PORT"
}

# RabbitMQ (Debian's rabbitmq-server) for the enterprise bus (docs/bus.md): one node per profile,
# its own node name, AMQP, distribution and epmd ports, its data, logs and config under
# $DATA_DIR/rabbitmq, bound to 127.0.0.1. Erlang's port mapper (epmd) would otherwise be one
# daemon on 4369 for every profile, outliving the node: it runs here in the foreground on the
# profile's port, so a stop ends it by its pid. The user comes from the config (default_user),
# made at the node's first start. Run as the invoking user (not the package's wrapper, which
# switches to the rabbitmq user and its /var/lib/rabbitmq).
RMQ_HOME="$DATA_DIR/rabbitmq"
RMQ_ENV=(HOME="$RMQ_HOME" RABBITMQ_NODENAME="$RABBITMQ_NODENAME" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$RABBITMQ_NODE_PORT"
  RABBITMQ_DIST_PORT="$RABBITMQ_DIST_PORT" ERL_EPMD_PORT="$ERL_EPMD_PORT" ERL_EPMD_ADDRESS=127.0.0.1
  RABBITMQ_MNESIA_BASE="$RMQ_HOME/mnesia" RABBITMQ_LOG_BASE="$LOG_DIR/rabbitmq" RABBITMQ_PID_FILE="$RMQ_HOME/rabbitmq.pid"
  RABBITMQ_CONFIG_FILE="$RMQ_HOME/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_HOME/enabled_plugins"
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}")
start_rabbitmq() {
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || die "rabbitmq-server not found; run scripts/install.sh"
  if pid_alive rabbitmq; then say "rabbitmq already running on $RABBITMQ_NODE_PORT"; return; fi
  mkdir -p "$RMQ_HOME/mnesia" "$LOG_DIR/rabbitmq"
  cat >"$RMQ_HOME/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$RABBITMQ_NODE_PORT
default_user = $RABBITMQ_USER
default_pass = $RABBITMQ_PASSWORD
default_vhost = /
loopback_users = none
log.console = false
log.file.level = warning
CONF
  echo '[].' >"$RMQ_HOME/enabled_plugins"
  local started; started=$(date +%s%N)
  pid_alive epmd || launch epmd env ERL_EPMD_ADDRESS=127.0.0.1 epmd -port "$ERL_EPMD_PORT"
  wait_for epmd 10 port_open "$ERL_EPMD_PORT"
  launch rabbitmq env "${RMQ_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmq-server
  # Ready when the port is listening, asked of the kernel (ss), not by connecting: the port lies
  # in the ephemeral range, and a connect attempt, walking through local ports, once took
  # 45672 itself (a self-connection answered "ready", then the node found its port taken).
  wait_for rabbitmq 120 port_listening "$RABBITMQ_NODE_PORT"
  say "rabbitmq ready on $AMQP_URL in $(( ($(date +%s%N) - started) / 1000000 )) ms (node $RABBITMQ_NODENAME, epmd $ERL_EPMD_PORT)"
}

stop_one() {
  local name=$1
  if [ "$name" = mail ]; then stop_one postfix; stop_one dovecot; return 0; fi
  if [ "$name" = sync ]; then stop_one redmine; stop_one rt; return 0; fi
  if [ "$name" = rabbitmq ] && [ "${2:-}" != node ]; then stop_one rabbitmq node; stop_one epmd; return 0; fi
  if [ "$name" = postgres ]; then
    [ -f "$PG_HOME/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_HOME" -m fast stop >/dev/null 2>&1 && say "postgres stopped"
    return 0
  fi
  if pid_alive "$name"; then
    local pid; pid=$(cat "$PID_DIR/$name.pid")
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    say "$name stopped"
  fi
  rm -f "$PID_DIR/$name.pid"
}

status_one() {
  case $1 in
    postgres) as_pg "$PG_BIN/pg_ctl" -D "$PG_HOME" status >/dev/null 2>&1 && echo "postgres: running" || echo "postgres: stopped";;
    mail) status_one dovecot; status_one postfix;;
    sync) status_one rt; status_one redmine;;
    rabbitmq) pid_alive rabbitmq && port_listening "$RABBITMQ_NODE_PORT" && echo "rabbitmq: running (pid $(cat "$PID_DIR/rabbitmq.pid"))" || echo "rabbitmq: stopped";;
    *) pid_alive "$1" && echo "$1: running (pid $(cat "$PID_DIR/$1.pid"))" || echo "$1: stopped";;
  esac
}

cmd=${1:-status}; shift || true
services=("$@"); [ ${#services[@]} -gt 0 ] || services=(postgres temporal keycloak prometheus mail telegram smsc rabbitmq)
case $cmd in
  start) for s in "${services[@]}"; do "start_$s"; done ;;
  stop) for ((i=${#services[@]}-1; i>=0; i--)); do stop_one "${services[$i]}"; done ;;
  status) for s in "${services[@]}"; do status_one "$s"; done ;;
  # Everything the stack keeps, gone: stops its services first (the app and worker must be
  # stopped already) and removes $DATA_DIR, wherever it lives.
  wipe)
    for ((i=${#services[@]}-1; i>=0; i--)); do stop_one "${services[$i]}"; done
    stop_one sync
    rm -rf "$DATA_DIR" "$DATA_DIR.build.log"
    rm -f "/var/lib/redmine/$REDMINE_INSTANCE_NAME"
    case $DATA_DIR in /var/lib/incident-desk/*) rmdir "$(dirname "$DATA_DIR")" 2>/dev/null || true ;; esac
    say "wiped $DATA_DIR" ;;
  # rabbitmqctl against this profile's node (tests read queue depths with it): ctl list_queues ...
  # Only against a running node: run without it, the CLI starts an epmd that outlives it.
  ctl) pid_alive rabbitmq || die "rabbitmq is not running"; env "${RMQ_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl "${services[@]}" ;;
  *) die "usage: scripts/stack.sh start|stop|status|wipe [postgres temporal keycloak prometheus mail telegram smsc rabbitmq sync|rt|redmine] | ctl <rabbitmqctl arguments>" ;;
esac

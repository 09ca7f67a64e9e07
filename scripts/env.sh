# Shared settings of the local stack. Sourced by the other scripts.
# INCIDENT_DESK_PROFILE=dev (default), test, or test2..test5 (parallel test stacks) picks data
# folder and ports, so a test run
# never collides with a running dev stack. Every value can be overridden from the environment.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROFILE="${INCIDENT_DESK_PROFILE:-dev}"
CACHE="${INCIDENT_DESK_CACHE:-$HOME/.cache/incident-desk}"
KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.0.8}"
TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
case "$PROFILE" in
  dev) base=0 ;;
  test) base=10000 ;;
  test[2-5]) base=$(( ${PROFILE#test} * 10000 )) ;;
  *) echo "INCIDENT_DESK_PROFILE must be dev, test or test2..test5, not $PROFILE" >&2; exit 2 ;;
esac
# The services that run as their own users (PostgreSQL as postgres, Dovecot's mail processes as
# mail, Postfix as postfix) must reach their folders. A checkout in a folder only root may enter
# (/root, a fresh mktemp -d) hides .data/ from them, and initdb failed with "Permission
# denied"; the data of such a checkout lives under /var/lib/incident-desk instead, one folder
# per checkout (named by a hash of its path) and profile.
if [ -z "${DATA_DIR:-}" ] && [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && ! (cd / && runuser -u nobody -- test -x "$ROOT") 2>/dev/null; then
  DATA_DIR="/var/lib/incident-desk/$(printf %s "$ROOT" | sha256sum | cut -c1-16)/$PROFILE"
fi
export DATA_DIR="${DATA_DIR:-$ROOT/.data/$PROFILE}"
export PG_PORT="${PG_PORT:-$((54320 + base / 1000))}" # 54320, 54330, 54340, ...
export TEMPORAL_PORT="${TEMPORAL_PORT:-$((7233 + base))}"
export TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-$((8233 + base))}"
export KEYCLOAK_PORT="${KEYCLOAK_PORT:-$((8180 + base))}"
export KEYCLOAK_MGMT_PORT="${KEYCLOAK_MGMT_PORT:-$((9180 + base))}"
export PROMETHEUS_PORT="${PROMETHEUS_PORT:-$((9190 + base))}"
export APP_PORT="${APP_PORT:-$((3000 + base))}"
export APP_METRICS_PORT="${APP_METRICS_PORT:-$((9463 + base))}"
export WORKER_METRICS_PORT="${WORKER_METRICS_PORT:-$((9464 + base))}"
export TEMPORAL_SDK_METRICS_PORT="${TEMPORAL_SDK_METRICS_PORT-$((9474 + base))}"
# The local mail servers (scripts/mail-servers.sh): Postfix takes SMTP on MAIL_SMTP_PORT (the app,
# the worker and Keycloak send there) and hands every message to Dovecot over LMTP; Dovecot keeps
# one mailbox per address and serves it over IMAP on MAIL_IMAP_PORT. MAIL_PASSWORD opens any
# address's mailbox; MAIL_CATCH_ALL gets a copy of every message (what tests read).
export MAIL_SMTP_PORT="${MAIL_SMTP_PORT:-$((2525 + base))}"
export MAIL_IMAP_PORT="${MAIL_IMAP_PORT:-$((2143 + base))}"
export MAIL_LMTP_PORT="${MAIL_LMTP_PORT:-$((2424 + base))}"
export MAIL_PASSWORD="${MAIL_PASSWORD:-mail}"
export MAIL_CATCH_ALL="${MAIL_CATCH_ALL:-catch-all@mail.incident-desk.local}"
export SMTP_HOST="${SMTP_HOST-127.0.0.1}"
export SMTP_PORT="${SMTP_PORT:-$MAIL_SMTP_PORT}"
# The desk's inbound mailboxes on the local Dovecot (docs/email.md), each with the service its
# new requests are filed under; the main worker reads them over IMAP.
export IMAP_HOST="${IMAP_HOST-127.0.0.1}"
export IMAP_PORT="${IMAP_PORT:-$MAIL_IMAP_PORT}"
export IMAP_SECURE="${IMAP_SECURE:-false}"
export IMAP_PASSWORD="${IMAP_PASSWORD:-$MAIL_PASSWORD}"
export MAIL_INBOXES="${MAIL_INBOXES-desk@incident-desk.local=it-laptop,repair@incident-desk.local=repair-printer}"
# The live chat's e-mail address (docs/chat.md "Channels: e-mail"): its own mailbox on the local Dovecot.
export CHAT_EMAIL_ADDRESS="${CHAT_EMAIL_ADDRESS-chat@incident-desk.local}"
# SMS (docs/sms.md): the worker binds to the SMSC stand-in (scripts/smsc-server.ts) that the
# stack starts on SMPP_PORT, with a control API for tests on SMSC_CONTROL_PORT.
export SMPP_PORT="${SMPP_PORT:-$((2775 + base))}"
export SMSC_CONTROL_PORT="${SMSC_CONTROL_PORT:-$((2776 + base))}"
export SMPP_HOST="${SMPP_HOST-127.0.0.1}"
export SMPP_SYSTEM_ID="${SMPP_SYSTEM_ID:-incidentdesk}"
export SMPP_PASSWORD="${SMPP_PASSWORD:-smpp-dev}"
export SMS_SOURCE_ADDR="${SMS_SOURCE_ADDR:-IncidentDsk}"
export SMS_INBOUND_SERVICE="${SMS_INBOUND_SERVICE:-it-laptop}"
# SMS_PROVIDER=http (docs/sms.md): the provider's API root and key; the shared secret its
# callbacks (receipts, incoming SMS) carry. The stand-in is scripts/sms-http-server.ts.
export SMS_PROVIDER="${SMS_PROVIDER:-smpp}"
export SMS_HTTP_URL="${SMS_HTTP_URL-}"
export SMS_HTTP_TOKEN="${SMS_HTTP_TOKEN-}"
export SMS_HTTP_CALLBACK_SECRET="${SMS_HTTP_CALLBACK_SECRET:-dev-sms-callback-secret-change-me}"
# RabbitMQ for the enterprise bus (docs/bus.md): a node per profile with its own name, AMQP,
# Erlang distribution and epmd ports (epmd would be one shared daemon on 4369 otherwise). The
# distribution and epmd ports sit below Linux's ephemeral range (32768-60999), one per profile
# like PostgreSQL's: at base + 5682 a test4 node failed to start (dist_port_already_used) because
# another stack's Temporal held 45682 as the local end of a long-lived connection.
export RABBITMQ_NODE_PORT="${RABBITMQ_NODE_PORT:-$((5672 + base))}"
export RABBITMQ_DIST_PORT="${RABBITMQ_DIST_PORT:-$((5682 + base / 10000))}" # 5682, 5683, ... 5687
export ERL_EPMD_PORT="${ERL_EPMD_PORT:-$((4369 + base / 10000))}"           # 4369, 4370, ... 4374
export RABBITMQ_NODENAME="${RABBITMQ_NODENAME:-incident-desk-$PROFILE@localhost}"
export RABBITMQ_USER="${RABBITMQ_USER:-incidentdesk}"
export RABBITMQ_PASSWORD="${RABBITMQ_PASSWORD:-incidentdesk}"
export AMQP_URL="${AMQP_URL-amqp://$RABBITMQ_USER:$RABBITMQ_PASSWORD@127.0.0.1:$RABBITMQ_NODE_PORT}"
export AMQP_INTAKE_QUEUE="${AMQP_INTAKE_QUEUE:-incident-desk.requests}"
export AMQP_EVENTS_EXCHANGE="${AMQP_EVENTS_EXCHANGE:-incident-desk.events}"
# The systems the sync mirrors (docs/sync.md, scripts/sync-stack.sh): Request Tracker 5 with
# REST2 (the sync user's token is made at RT's first start and kept in RT_TOKEN_FILE) and Redmine 5
# with its REST API (the sync user's key is this profile's REDMINE_API_KEY, 40 characters).
export RT_PORT="${RT_PORT:-$((8280 + base))}"
export RT_URL="${RT_URL:-http://127.0.0.1:$RT_PORT}"
export RT_TOKEN_FILE="${RT_TOKEN_FILE:-$DATA_DIR/rt/sync-token}"
export RT_OPERATOR_TOKEN_FILE="${RT_OPERATOR_TOKEN_FILE:-$DATA_DIR/rt/operator-token}"
export REDMINE_PORT="${REDMINE_PORT:-$((8380 + base))}"
export REDMINE_URL="${REDMINE_URL:-http://127.0.0.1:$REDMINE_PORT}"
export REDMINE_API_KEY="${REDMINE_API_KEY:-$(printf 'incident-desk-redmine-%s' "$PROFILE" | sha1sum | cut -c1-40)}"
export DATABASE_URL="${DATABASE_URL:-postgresql://incidentdesk:incidentdesk@127.0.0.1:$PG_PORT/incidentdesk}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:$TEMPORAL_PORT}"
export KEYCLOAK_URL="${KEYCLOAK_URL:-http://127.0.0.1:$KEYCLOAK_PORT}"
export OIDC_ISSUER="${OIDC_ISSUER:-$KEYCLOAK_URL/realms/incident-desk}"
export OIDC_CLIENT_ID="${OIDC_CLIENT_ID:-incident-desk-web}"
export OIDC_CLIENT_SECRET="${OIDC_CLIENT_SECRET:-dev-web-secret-change-me}"
export SERVICE_CLIENT_ID="${SERVICE_CLIENT_ID:-incident-desk-service}"
export SERVICE_CLIENT_SECRET="${SERVICE_CLIENT_SECRET:-dev-service-secret-change-me}"
# The local realm's password-grant client (scripts, tests) may call the API too; production takes
# the web and the service client only (the default of an empty list).
export OIDC_ALLOWED_CLIENTS="${OIDC_ALLOWED_CLIENTS:-$OIDC_CLIENT_ID,$SERVICE_CLIENT_ID,incident-desk-cli}"
if [ "$PROFILE" != dev ]; then
  # Short process durations so tests see reopen windows and assignment retries elapse.
  export DEMO_REOPEN_WINDOW_SECONDS="${DEMO_REOPEN_WINDOW_SECONDS:-3}"
  export ASSIGN_RETRY_SECONDS="${ASSIGN_RETRY_SECONDS:-2}"
  # Sessions ask Keycloak again every 3 seconds, so tests see role changes and disabled accounts.
  export SESSION_RECHECK_MINUTES="${SESSION_RECHECK_MINUTES:-0.05}"
  # Tests and the benchmark file, upload and export far faster than people, all from 127.0.0.1:
  # limits no run reaches (tests/api/limits.test.ts starts its own app with low ones).
  for limit in SIGN_IN_PER_IP INTAKE_PER_PERSON INTAKE_PER_IP UPLOAD_PER_PERSON UPLOAD_PER_IP EXPORT_PER_PERSON EXPORT_PER_IP; do
    export "RATE_LIMIT_$limit=$(printenv "RATE_LIMIT_$limit" || echo 1000000)"
  done
  export LIVE_STREAMS_PER_PERSON="${LIVE_STREAMS_PER_PERSON:-1000}"
  # Housekeeping passes every 2 s and the reconciler starts a request NEW for 5 s without a
  # process, so a forgotten request or an expired key is handled within a test's wait.
  export HOUSEKEEPING_EVERY_SECONDS="${HOUSEKEEPING_EVERY_SECONDS:-2}"
  export RECONCILE_AFTER_SECONDS="${RECONCILE_AFTER_SECONDS:-5}"
  # The mailboxes are read every 2 s besides IDLE, so a test's mail is taken within its wait.
  export MAIL_POLL_SECONDS="${MAIL_POLL_SECONDS:-2}"
fi
export PUBLIC_URL="${PUBLIC_URL:-http://127.0.0.1:$APP_PORT}"
export SESSION_SECRET="${SESSION_SECRET:-dev-session-secret-change-me}"
# The PBX's shared secret for call events (POST /api/telephony/events, header X-Telephony-Secret).
export TELEPHONY_WEBHOOK_SECRET="${TELEPHONY_WEBHOOK_SECRET:-dev-telephony-secret-change-me}"
# The host product's secret for signed chat visitors (docs/chat.md, "Identified visitors").
export CHAT_HOST_SECRET="${CHAT_HOST_SECRET:-dev-chat-host-secret-change-me}"
# The port of the scripted AMI server the tests start (tests/support/amiServer.ts).
export AMI_TEST_PORT="${AMI_TEST_PORT:-$((5038 + base))}"
# The local stand-in of Telegram's Bot API (scripts/telegram-server.ts): started by stack.sh for the
# demo (the dev profile's bot talks to it) and by the Telegram tests on their profile's port.
export TELEGRAM_STANDIN_PORT="${TELEGRAM_STANDIN_PORT:-$((8081 + base))}"
if [ "$PROFILE" = dev ]; then
  export TELEGRAM_BOT_TOKEN="${TELEGRAM_BOT_TOKEN-1000001:dev-bot-token-change-me}"
  export TELEGRAM_API_ROOT="${TELEGRAM_API_ROOT:-http://127.0.0.1:$TELEGRAM_STANDIN_PORT}"
  export TELEGRAM_WEBHOOK_SECRET="${TELEGRAM_WEBHOOK_SECRET:-dev-telegram-secret-change-me}"
fi
export CHDB_PATH="${CHDB_PATH:-$DATA_DIR/chdb}"
export ATTACHMENTS_DIR="${ATTACHMENTS_DIR:-$DATA_DIR/attachments}"
export TEMPORAL_BIN="${TEMPORAL_BIN:-$CACHE/bin/temporal}"
export SCHEMATHESIS_BIN="${SCHEMATHESIS_BIN:-$CACHE/schemathesis-$SCHEMATHESIS_VERSION/bin/st}"
export KEYCLOAK_DIST="$CACHE/keycloak-$KEYCLOAK_VERSION"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
LOG_DIR="$DATA_DIR/logs"
PID_DIR="$DATA_DIR/pids"

say() { printf '\033[1m[incident-desk]\033[0m %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

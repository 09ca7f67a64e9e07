#!/usr/bin/env bash
# Starts the whole system on this machine with local defaults and demo data:
# installs what is missing, builds, starts PostgreSQL, Temporal, Keycloak, Prometheus,
# applies migrations, seeds, starts the app (API + web) and the worker, and prints URLs.
# Stop everything with: bash scripts/stop.sh
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/install.sh
say "building"
mkdir -p "$DATA_DIR"
npm run --silent build >"$DATA_DIR.build.log" 2>&1 || { tail -n 40 "$DATA_DIR.build.log"; die "build failed"; }
bash scripts/stack.sh start postgres temporal keycloak mail
say "applying database migrations"
npx prisma migrate deploy >/dev/null
node dist/scripts/seed.js
bash scripts/app.sh start
bash scripts/stack.sh start prometheus
cat <<INFO

  Incident Desk is running ($PROFILE profile, data in $DATA_DIR)

  Web app and API   $PUBLIC_URL            (OpenAPI: $PUBLIC_URL/api/openapi.json)
  Keycloak          $KEYCLOAK_URL          (admin console: ${KEYCLOAK_ADMIN_USER:-admin} / ${KEYCLOAK_ADMIN_PASSWORD:-admin})
  Temporal UI       http://127.0.0.1:$TEMPORAL_UI_PORT
  Prometheus        http://127.0.0.1:$PROMETHEUS_PORT
  Mail              SMTP 127.0.0.1:$MAIL_SMTP_PORT (Postfix), IMAP 127.0.0.1:$MAIL_IMAP_PORT (Dovecot): any address, password $MAIL_PASSWORD
                    (every message also in $MAIL_CATCH_ALL; files in $DATA_DIR/mail)
  Metrics           http://127.0.0.1:$APP_METRICS_PORT/metrics (app, internal port; also /health) and http://127.0.0.1:$WORKER_METRICS_PORT/metrics (worker)
  QR labels (demo)  $PUBLIC_URL/q/demo-printer-3rd-floor   $PUBLIC_URL/q/demo-meeting-room-301-pc
  Pages             /board  /journal  /clients  /reports  /assets  /admin  /portal

  Demo logins (password: ${DEMO_PASSWORD:-demo}):
    admin   admin, all departments
    sergey  supervisor, IT          elena  supervisor, Repair
    olga    agent (operator), IT    pavel  agent (operator), Repair
    ivan    user, IT                maria  user, Repair

  Logs: $LOG_DIR    Stop: bash scripts/stop.sh
INFO

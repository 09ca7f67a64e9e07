#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian bookworm machine, from package
# registries only: Debian packages, npm packages, the Temporal CLI (built from the Go module
# proxy) and Keycloak (Maven Central). Idempotent: what is present is skipped.
# `install.sh sync` adds Request Tracker 5 and Redmine 5 (the systems the sync mirrors,
# docs/sync.md): 330 Debian packages, 178 s here the first time, nothing when present; only runs
# that include the sync tests ask for them (scripts/test.sh).
source "$(dirname "$0")/env.sh"
# One install at a time per machine: two checkouts starting at once (parallel test stacks) each
# fetched Keycloak into the same cache file, and one unzipped the other's half-written archive
# ("cannot find zipfile directory"); apt-get would refuse the second too (dpkg lock).
mkdir -p "$CACHE"
exec 9>"$CACHE/install.lock"
flock 9

need_apt=()
command -v "$PG_BIN/postgres" >/dev/null 2>&1 || [ -x "${PG_BIN:-/nonexistent}/postgres" ] || need_apt+=(postgresql)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v prometheus >/dev/null 2>&1 || need_apt+=(prometheus)
command -v docker-compose >/dev/null 2>&1 || need_apt+=(docker-compose)
command -v unzip >/dev/null 2>&1 || need_apt+=(unzip)
command -v go >/dev/null 2>&1 || need_apt+=(golang-go)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need_apt+=(python3-venv)
# The local mail servers (scripts/mail-config.sh) and the client that sends test mail in.
# RabbitMQ for the enterprise bus (docs/bus.md).
for pkg in dovecot-imapd dovecot-lmtpd postfix swaks rabbitmq-server; do dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg"); done
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  # Postfix without a system configuration: no /etc/postfix/main.cf, so no system daemon on
  # port 25; the stack runs its own instance from $DATA_DIR/mailserver.
  echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
  # The Debian prometheus package starts a system service on :9090; we run our own.
  $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
  # Likewise Dovecot's system service (ports 143 and 993) and Postfix's, if another
  # configuration had one: the stack runs its own on the profile's ports.
  # RabbitMQ's too (5672, 25672) and Erlang's port mapper (4369): each profile runs its own node and epmd.
  for unit in dovecot postfix rabbitmq-server epmd.socket epmd; do $SUDO systemctl disable --now "$unit" >/dev/null 2>&1 || $SUDO service "$unit" stop >/dev/null 2>&1 || true; done
fi

need_sync=()
[ "${1:-}" = sync ] && for pkg in request-tracker5 rt5-db-postgresql redmine redmine-sqlite; do dpkg -s "$pkg" >/dev/null 2>&1 || need_sync+=("$pkg"); done
if [ ${#need_sync[@]} -gt 0 ]; then
  say "installing Debian packages for the sync: ${need_sync[*]}"
  # Neither package may configure a database of its own (dbconfig-common): the stack makes one
  # per profile (scripts/sync-stack.sh). Their recommends (Apache, a mail server) are not needed.
  # Redmine asks per instance (redmine/instances/default/...). Its maintainer script runs Rails,
  # which takes DATABASE_URL over its own database.yml: with ours (env.sh) it loaded the
  # PostgreSQL adapter it lacks and the package stayed half-configured (apt exit 100, CI of
  # 2026-12-04), so apt runs without this project's environment.
  printf '%s\n' "request-tracker5 request-tracker5/dbconfig-install boolean false" "redmine redmine/dbconfig-install boolean false" \
    "redmine redmine/instances/default/dbconfig-install boolean false" | $SUDO debconf-set-selections
  [ ${#need_apt[@]} -gt 0 ] || $SUDO apt-get update -qq
  $SUDO env -i PATH="$PATH" HOME="${HOME:-/root}" DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_sync[@]}" >/dev/null
fi

cd "$ROOT"
stamp="node_modules/.install-stamp"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  say "installing npm packages (versions pinned by package-lock.json)"
  # npm ci rejects this lock file because npm 11 leaves other platforms' optional
  # binaries out of it; npm install honours the same pinned versions.
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

mkdir -p "$CACHE/bin"
if [ ! -x "$TEMPORAL_BIN" ]; then
  say "building Temporal CLI $TEMPORAL_CLI_VERSION from the Go module proxy (first time only, several minutes)"
  GOBIN="$(dirname "$TEMPORAL_BIN")" GOFLAGS=-trimpath go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
fi

if [ ! -x "$KEYCLOAK_DIST/bin/kc.sh" ]; then
  say "fetching Keycloak $KEYCLOAK_VERSION from Maven Central"
  zip="$CACHE/keycloak/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  if [ ! -f "$zip" ]; then
    # Fetched beside and moved into place, so an interrupted fetch leaves no half archive.
    mvn -q dependency:copy "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" "-DoutputDirectory=$CACHE/keycloak/partial"
    mv "$CACHE/keycloak/partial/$(basename "$zip")" "$zip"
  fi
  tmp="$(mktemp -d "$CACHE/kc.XXXX")"
  unzip -q "$zip" -d "$tmp"
  mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_DIST"
  rmdir "$tmp"
fi
# Schemathesis (PyPI) fuzzes every API operation from the OpenAPI document (tests/api/fuzz.test.ts).
if [ ! -x "$SCHEMATHESIS_BIN" ]; then
  say "installing Schemathesis $SCHEMATHESIS_VERSION from PyPI (first time only)"
  python3 -m venv "$(dirname "$(dirname "$SCHEMATHESIS_BIN")")"
  "$(dirname "$SCHEMATHESIS_BIN")/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi
say "install complete"

# The systems the sync mirrors (docs/sync.md), sourced by scripts/stack.sh: Request Tracker 5
# ("rt") and Redmine 5 ("redmine"), both from Debian's packages (scripts/install.sh sync), one
# instance of each per profile on 127.0.0.1, data and logs under $DATA_DIR. "sync" is both.
# Not in the stack's default list: only the sync tests and the sync demo start them.

# RT: its own database "rt5" in the profile's PostgreSQL (owner rt_user), its site config in
# $DATA_DIR/rt (RT_SITE_CONFIG and RT_SITE_CONFIG_DIR replace /etc/request-tracker5, so the
# Debian defaults there are never read), served by rt-server (Plack, Starlet) with REST2 at
# /REST/2.0. The sync user's auth token is written to $RT_TOKEN_FILE at the first start, an
# RT operator's (the tests' hand on RT's side) to $RT_OPERATOR_TOKEN_FILE.
# Version of what the bootstraps below make in RT and Redmine (rt-bootstrap.pl, redmine-bootstrap.rb):
# raised when they make more, so a profile's existing databases get it at the next start.
BOOTSTRAP_VERSION=2
RT_HOME="$DATA_DIR/rt"
RT_ENV=(RT_SITE_CONFIG="$RT_HOME/RT_SiteConfig.pm" RT_SITE_CONFIG_DIR="$RT_HOME/RT_SiteConfig.d")
write_rt_config() {
  mkdir -p "$RT_HOME/RT_SiteConfig.d" "$RT_HOME/mason" "$RT_HOME/sessions"
  cat >"$RT_HOME/RT_SiteConfig.pm" <<CONF
Set(\$rtname, 'incident-desk-$PROFILE');
Set(\$Organization, 'incident-desk.local');
Set(\$WebDomain, '127.0.0.1');
Set(\$WebPort, $RT_PORT);
Set(\$WebPath, '');
Set(\$WebBaseURL, '$RT_URL');
Set(\$DatabaseType, 'Pg');
Set(\$DatabaseHost, '127.0.0.1');
Set(\$DatabasePort, $PG_PORT);
Set(\$DatabaseName, 'rt5');
Set(\$DatabaseUser, 'rt_user');
Set(\$DatabasePassword, 'rt_pass');
Set(\$DatabaseAdmin, 'postgres');
Set(\$LogToSyslog, undef);
Set(\$LogToSTDERR, 'error');
Set(\$Timezone, 'UTC');
Set(\$MasonDataDir, '$RT_HOME/mason');
Set(\$MasonSessionDir, '$RT_HOME/sessions');
# RT checks the token of every REST2 call with bcrypt: at RT's cost 12 each call took 1.5 s
# here (a GET of one ticket), at 4 it takes ~0.05 s. A local stack's token guards nothing.
Set(\$BcryptCost, 4);
# RT's default (10,000,000 bytes) is below the desk's file limit (ATTACHMENT_MAX_BYTES, 10 MiB):
# the sync test attaches a file one byte over ours there, to see it held here.
Set(\$MaxAttachmentSize, 32 * 1024 * 1024);
1;
CONF
}
start_rt() {
  [ -x /usr/share/request-tracker5/libexec/rt-server ] || die "Request Tracker 5 not found; run scripts/install.sh sync"
  if pid_alive rt; then say "rt already running on $RT_PORT"; return; fi
  as_pg "$PG_BIN/pg_ctl" -D "$PG_HOME" status >/dev/null 2>&1 || start_postgres
  write_rt_config
  local started; started=$(date +%s%N)
  local psql=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qtA)
  if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='rt5'")" != 1 ]; then
    rm -f "$RT_TOKEN_FILE" "$RT_OPERATOR_TOKEN_FILE"
    # Creates the rt_user role and the database, the schema and RT's initial data (~9 s here).
    env "${RT_ENV[@]}" /usr/sbin/rt-setup-database-5 --action init --dba postgres --dba-password unused \
      >"$LOG_DIR/rt-setup.log" 2>&1 || die "rt-setup-database failed; see $LOG_DIR/rt-setup.log"
  fi
  # The bootstrap's version (BOOTSTRAP_VERSION): a database made by an older one is brought up
  # to date once (version 2 added the custom field the field-mapping tests use).
  if [ ! -s "$RT_TOKEN_FILE" ] || [ ! -s "$RT_OPERATOR_TOKEN_FILE" ] || [ "$(cat "$DATA_DIR/rt/bootstrapped" 2>/dev/null)" != "$BOOTSTRAP_VERSION" ]; then
    env "${RT_ENV[@]}" perl "$ROOT/scripts/sync/rt-bootstrap.pl" "$RT_TOKEN_FILE" "$RT_OPERATOR_TOKEN_FILE" >>"$LOG_DIR/rt-setup.log" 2>&1 \
      || die "rt bootstrap failed; see $LOG_DIR/rt-setup.log"
    echo "$BOOTSTRAP_VERSION" >"$DATA_DIR/rt/bootstrapped"
  fi
  # Two workers: Starlet's default of ten takes ~200 MB each for nothing on a 2-core machine.
  launch rt env "${RT_ENV[@]}" /usr/share/request-tracker5/libexec/rt-server --host 127.0.0.1 --port "$RT_PORT" --max-workers 2
  wait_for rt 120 http_answers "$RT_URL/REST/2.0/"
  say "rt ready on $RT_URL in $(( ($(date +%s%N) - started) / 1000000 )) ms (REST2 token in $RT_TOKEN_FILE)"
}

# Redmine: Debian's multi-instance layout takes an instance's root from REDMINE_INSTANCE as
# /var/lib/redmine/<instance>; that is a link to $DATA_DIR/redmine, which holds the instance's
# config (database.yml: SQLite in db/), files, log and tmp. Served by WEBrick
# (scripts/sync/redmine-server.rb) with the REST API on and the sync user's key $REDMINE_API_KEY.
REDMINE_HOME="$DATA_DIR/redmine"
REDMINE_INSTANCE_NAME="incident-desk-$(printf %s "$DATA_DIR" | sha256sum | cut -c1-12)"
# Rails would take DATABASE_URL (the desk's own PostgreSQL) over database.yml: it is unset.
REDMINE_ENV=(-u DATABASE_URL REDMINE_INSTANCE="$REDMINE_INSTANCE_NAME" RAILS_ENV=production REDMINE_SYNC_KEY="$REDMINE_API_KEY")
bootstrap_redmine() {
  (cd /usr/share/redmine && env "${REDMINE_ENV[@]}" bin/rails runner "$ROOT/scripts/sync/redmine-bootstrap.rb") >>"$LOG_DIR/redmine-setup.log" 2>&1
}

start_redmine() {
  [ -d /usr/share/redmine ] || die "Redmine not found; run scripts/install.sh sync"
  if pid_alive redmine; then say "redmine already running on $REDMINE_PORT"; return; fi
  mkdir -p "$REDMINE_HOME"/{config,db,files,log,tmp,public/plugin_assets}
  ln -sfn "$REDMINE_HOME" "/var/lib/redmine/$REDMINE_INSTANCE_NAME"
  printf 'production:\n  adapter: sqlite3\n  database: %s/db/redmine.sqlite3\n  timeout: 10000\n' "$REDMINE_HOME" >"$REDMINE_HOME/config/database.yml"
  [ -s "$REDMINE_HOME/config/secret_key.txt" ] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$REDMINE_HOME/config/secret_key.txt"
  local started; started=$(date +%s%N)
  if [ ! -s "$REDMINE_HOME/db/redmine.sqlite3" ] || [ "$(cat "$REDMINE_HOME/db/bootstrapped" 2>/dev/null)" != "$BOOTSTRAP_VERSION" ]; then
    # Schema, default data (trackers, statuses, roles) and the sync user in one Rails boot (~35 s).
    # Once more from an empty database if it fails: a run of 2026-12-03 saw the runner end
    # mid-migration with no error written (the SQLite journal left behind), and the whole suite
    # stopped there.
    : >"$LOG_DIR/redmine-setup.log"
    bootstrap_redmine || { rm -f "$REDMINE_HOME"/db/redmine.sqlite3*; bootstrap_redmine; } || die "redmine bootstrap failed; see $LOG_DIR/redmine-setup.log"
    echo "$BOOTSTRAP_VERSION" >"$REDMINE_HOME/db/bootstrapped"
  fi
  launch redmine env "${REDMINE_ENV[@]}" ruby "$ROOT/scripts/sync/redmine-server.rb" "$REDMINE_PORT"
  wait_for redmine 180 http_answers "$REDMINE_URL/login"
  say "redmine ready on $REDMINE_URL in $(( ($(date +%s%N) - started) / 1000000 )) ms (API key \$REDMINE_API_KEY)"
}
start_sync() { start_rt; start_redmine; }

# Any HTTP answer (RT's REST2 root answers 401 without a token): the server is up.
http_answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" != 000 ]; }

#!/usr/bin/env bash
# Starts or stops the built app (API + web) and worker processes: scripts/app.sh start|stop
source "$(dirname "$0")/env.sh"
cd "$ROOT"
mkdir -p "$LOG_DIR" "$PID_DIR"
alive() { [ -f "$PID_DIR/$1.pid" ] && kill -0 "$(cat "$PID_DIR/$1.pid")" 2>/dev/null; }
case ${1:-start} in
  start)
    [ -f dist/api/main.js ] || die "not built; run npm run build"
    if ! alive worker; then setsid node dist/worker/main.js >>"$LOG_DIR/worker.log" 2>&1 </dev/null & echo $! >"$PID_DIR/worker.pid"; fi
    if ! alive app; then setsid node dist/api/main.js >>"$LOG_DIR/app.log" 2>&1 </dev/null & echo $! >"$PID_DIR/app.pid"; fi
    for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$APP_PORT/api/health" && break; alive app || die "app exited; see $LOG_DIR/app.log"; sleep 0.5; done
    curl -fsS -o /dev/null "http://127.0.0.1:$APP_PORT/api/health" || die "app is not healthy; see $LOG_DIR/app.log"
    alive worker || die "worker exited; see $LOG_DIR/worker.log"
    say "app ready on $PUBLIC_URL, worker running";;
  stop)
    for p in app worker; do
      if alive $p; then kill -TERM "$(cat "$PID_DIR/$p.pid")"; for _ in $(seq 1 40); do alive $p || break; sleep 0.25; done; alive $p && kill -KILL "$(cat "$PID_DIR/$p.pid")"; say "$p stopped"; fi
      rm -f "$PID_DIR/$p.pid"
    done;;
  *) die "usage: scripts/app.sh start|stop";;
esac

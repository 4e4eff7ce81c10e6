#!/usr/bin/env bash
# Start, stop or check N replicas of Divergence Lab on one machine, optionally behind nginx.
#
#   deploy/replicas.sh start 4                 # replicas on 127.0.0.1:8501..8504
#   deploy/replicas.sh start 4 --nginx 8080    # ... and nginx on :8080 in front of them
#   deploy/replicas.sh status
#   deploy/replicas.sh stop
#
# Settings (environment): DL_RUN_DIR (pid files, logs, nginx prefix; default /tmp/divergence-lab),
# DL_BASE_PORT (default 8501), DL_BIND (default 127.0.0.1: only nginx is reachable from outside),
# DL_MAX_TRAINING_JOBS (per replica: N replicas run at most N × this many trainings at once),
# CUDA_VISIBLE_DEVICES (which GPU(s) the replicas see), DL_DATABASE_URL (class sessions: a
# PostgreSQL URL shared by every replica; unset: SQLite in DL_DATA_DIR, which replicas on this one
# machine share), DL_WARM (default 1: warm each replica's
# caches in the background with deploy/warm_caches.py; 0 skips it). Every wait is bounded (60 s
# per replica).
set -euo pipefail
cd "$(dirname "$0")/.."

RUN_DIR="${DL_RUN_DIR:-/tmp/divergence-lab}"
BASE_PORT="${DL_BASE_PORT:-8501}"
BIND="${DL_BIND:-127.0.0.1}"
PY="${PYTHON:-python}"
mkdir -p "$RUN_DIR"

wait_healthy() {  # port
  for _ in $(seq 1 120); do
    if "$PY" - "$1" <<'PY' 2>/dev/null; then return 0; fi
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/_stcore/health", timeout=2)
PY
    sleep 0.5
  done
  echo "replica on port $1 did not become healthy within 60 s (see $RUN_DIR/replica-$1.log)" >&2
  return 1
}

start() {
  local n="${1:?usage: replicas.sh start N [--nginx PORT]}"; shift
  local nginx_port=""
  if [ "${1:-}" = "--nginx" ]; then nginx_port="${2:?--nginx needs a port}"; fi
  if ! [[ "$n" =~ ^[0-9]+$ ]] || [ "$n" -lt 1 ] || [ "$n" -gt 64 ]; then
    echo "N must be 1..64" >&2; exit 2
  fi
  local replicas=()
  for i in $(seq 0 $((n - 1))); do
    local port=$((BASE_PORT + i))
    # app.serve: the st.App with the class cookie route (HttpOnly class cookies, docs/SECURITY.md);
    # DL_WARM=0 for the replica itself: this script warms every replica once, below
    DL_WARM=0 nohup "$PY" -m app.serve --server.port="$port" --server.address="$BIND" \
      --server.headless=true --browser.gatherUsageStats=false \
      >"$RUN_DIR/replica-$port.log" 2>&1 &
    echo $! >"$RUN_DIR/replica-$port.pid"
    replicas+=(--replica "127.0.0.1:$port")
  done
  for i in $(seq 0 $((n - 1))); do wait_healthy $((BASE_PORT + i)); done
  echo "$n replicas healthy on ports $BASE_PORT..$((BASE_PORT + n - 1)) (logs in $RUN_DIR)"
  if [ -n "${DL_DATABASE_URL:-}" ]; then
    echo "class sessions: PostgreSQL from DL_DATABASE_URL (shared by every replica)"
  else
    echo "class sessions: SQLite in ${DL_DATA_DIR:-~/.local/share/divergence-lab} (this machine only; set DL_DATABASE_URL for replicas on several machines)"
  fi
  if [ "${DL_WARM:-1}" != "0" ]; then  # train page 4's default critics before the class comes
    local bases=()
    for i in $(seq 0 $((n - 1))); do bases+=("http://127.0.0.1:$((BASE_PORT + i))"); done
    nohup "$PY" -m deploy.warm_caches "${bases[@]}" >"$RUN_DIR/warm.log" 2>&1 &
    echo "warming the caches in the background (about a minute per replica; $RUN_DIR/warm.log)"
  fi
  if [ -n "$nginx_port" ]; then
    local prefix="$RUN_DIR/nginx"
    mkdir -p "$prefix"
    "$PY" -m deploy.render_nginx --listen "$nginx_port" --prefix "$prefix" "${replicas[@]}" \
      >"$prefix/nginx.conf"
    nginx -t -q -c "$prefix/nginx.conf" -p "$prefix" -e "$prefix/error.log"
    nginx -c "$prefix/nginx.conf" -p "$prefix" -e "$prefix/error.log"
    echo "nginx on :$nginx_port -> $n replicas (config $prefix/nginx.conf)"
  fi
}

stop() {
  local prefix="$RUN_DIR/nginx"
  if [ -f "$prefix/nginx.pid" ]; then
    nginx -c "$prefix/nginx.conf" -p "$prefix" -e "$prefix/error.log" -s quit || true
  fi
  for f in "$RUN_DIR"/replica-*.pid; do
    [ -e "$f" ] || continue
    kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
  echo "stopped"
}

status() {
  for f in "$RUN_DIR"/replica-*.pid; do
    [ -e "$f" ] || { echo "no replicas"; return 0; }
    local port; port="$(basename "$f" .pid)"; port="${port#replica-}"
    if kill -0 "$(cat "$f")" 2>/dev/null; then echo "replica :$port running (pid $(cat "$f"))";
    else echo "replica :$port NOT running"; fi
  done
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start N [--nginx PORT] | stop | status" >&2; exit 2 ;;
esac

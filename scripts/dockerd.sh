#!/usr/bin/env bash
# A private Docker engine for the container test suites.
#
#   scripts/dockerd.sh start   start it (or find it running) and print the DOCKER_HOST to use
#   scripts/dockerd.sh stop    stop it by the pid in its pidfile
#   scripts/dockerd.sh host    print the DOCKER_HOST without starting anything
#
# The engine keeps everything under one folder (DOCKERD_HOME, default
# ${TMPDIR:-/tmp}/supervisor-dockerd): data root (so a built image is reused by the
# next run), exec root, pidfile, socket and log. It touches no host networking: no
# iptables rules, no forwarding, no masquerading and no bridge, so containers run
# with host networking only (which is what the suites use).
set -euo pipefail

home=${DOCKERD_HOME:-${TMPDIR:-/tmp}/supervisor-dockerd}
sock=$home/docker.sock
pidfile=$home/dockerd.pid
log=$home/dockerd.log
host=unix://$sock

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

answers() { DOCKER_HOST=$host docker version >/dev/null 2>&1; }

start() {
  command -v dockerd >/dev/null || { echo "dockerd not found (apt-get install docker.io)" >&2; exit 1; }
  command -v docker >/dev/null || { echo "docker client not found (apt-get install docker.io)" >&2; exit 1; }
  if running_pid >/dev/null && answers; then echo "$host"; return; fi
  mkdir -p "$home/data" "$home/exec"
  rm -f "$sock"
  setsid dockerd \
    --iptables=false --ip-forward=false --ip-masq=false --bridge=none \
    --data-root "$home/data" --exec-root "$home/exec" \
    --pidfile "$pidfile" --host "$host" \
    >"$log" 2>&1 </dev/null &
  local launched=$!
  local deadline=$((SECONDS + 60))
  until answers; do
    if ! kill -0 "$launched" 2>/dev/null; then
      echo "dockerd exited during start-up; last lines of $log:" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "dockerd did not answer on $sock within 60 s; see $log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "$host"
}

stop() {
  local pid
  pid=$(running_pid) || { echo "dockerd is not running"; return 0; }
  kill -TERM "$pid"
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then kill -KILL "$pid" 2>/dev/null || true; break; fi
    sleep 0.2
  done
  echo "dockerd $pid stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  host) echo "$host" ;;
  *) echo "usage: $0 start|stop|host" >&2; exit 2 ;;
esac

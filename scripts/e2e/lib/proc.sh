# shellcheck shell=bash
# scripts/e2e/lib/proc.sh: the processes of the cluster. Started detached, logged to
# $LOG_DIR/NAME.log, recorded as "PID EXECUTABLE" in $PID_DIR/NAME.pid so that down
# stops exactly them.

start_proc() { # start_proc NAME BINARY ARGS...
  local name=$1 bin=$2; shift 2
  echo "---- $(date -u +%FT%TZ) starting $name" >>"$LOG_DIR/$name.log"
  # Without any inherited descriptor: a daemon must not hold up's lock, nor
  # a lock its caller holds (flock /tmp/kpod-e2e.lock go test ... outage).
  (close_fds; exec setsid "$bin" "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null) &
  echo "$! $bin" >"$PID_DIR/$name.pid"
}

close_fds() { # close every descriptor above 2 of this (sub)shell
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if [[ $fd =~ ^[0-9]+$ ]] && ((fd > 2)); then eval "exec $fd>&-"; fi
  done
  return 0
}

proc_pid() { # proc_pid NAME: print the recorded PID if that process still runs that binary
  local file=$PID_DIR/$1.pid pid bin exe
  [[ -f $file ]] || return 1
  read -r pid bin <"$file"
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  exe=${exe% (deleted)}
  # The binary may be gone since (a cluster brought up under another HOME
  # whose cache was removed): the recorded path still names it.
  [[ $exe == "$bin" || $exe == "$(readlink -f "$bin" 2>/dev/null)" ]] || return 1
  echo "$pid"
}

stop_proc() { # stop_proc NAME: SIGTERM, then SIGKILL after 20s
  local name=$1 pid i
  if pid=$(proc_pid "$name"); then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do
      [[ -d /proc/$pid ]] || break
      sleep 0.1
    done
    if [[ -d /proc/$pid ]]; then
      log "$name (pid $pid) did not stop on SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
    fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$PID_DIR/$name.pid"
}

# shellcheck shell=bash
# scripts/e2e/lib/containerd.sh: phase runtime, containerd (its own config, root and
# socket); and what down removes through it: pods, leftover shims.

start_containerd() {
  mkdir -p "$STATE_DIR/containerd" "$RUN_DIR/containerd"
  render containerd.toml "$STATE_DIR/containerd.toml"
  if ! proc_pid containerd >/dev/null; then
    start_proc containerd "$(command -v containerd)" --config "$STATE_DIR/containerd.toml"
  fi
  wait_for "containerd" containerd command ctr --address "$CONTAINERD_SOCK" version
}

# remove_pods: stop and remove every pod sandbox through CRI, so that no
# container, shim, mount or network namespace is left. Starts containerd
# again for this if it crashed.
remove_pods() {
  [[ -f $STATE_DIR/containerd.toml && -x $BIN_DIR/crictl ]] || return 0
  if ! proc_pid containerd >/dev/null; then
    start_proc containerd "$(command -v containerd)" --config "$STATE_DIR/containerd.toml"
    local i
    for ((i = 0; i < 30; i++)); do command ctr --address "$CONTAINERD_SOCK" version >/dev/null 2>&1 && break; sleep 1; done
  fi
  crictl rmp -af >/dev/null 2>&1 || crictl rmp -af >/dev/null 2>&1 || log "warning: crictl rmp -af failed"
  crictl rm -af >/dev/null 2>&1 || true
}

# kill_leftover_shims: kill the process tree of any containerd shim that
# served this cluster's containerd (identified by its socket in the command line).
kill_leftover_shims() {
  local pid tree i
  for pid in $(grep -lsF -- "$CONTAINERD_SOCK" /proc/[0-9]*/cmdline | cut -d/ -f3); do
    [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == *containerd-shim* ]] || continue
    tree=("$pid")
    for ((i = 0; i < ${#tree[@]}; i++)); do # breadth-first: children by parent PID
      # shellcheck disable=SC2207 # PIDs are single words
      tree+=($(awk -v pp="${tree[i]}" '{ pid = $1; sub(/^.*\) /, ""); if ($2 == pp) print pid }' \
        /proc/[0-9]*/stat 2>/dev/null))
    done
    log "killing leftover shim $pid and its processes: ${tree[*]}"
    kill -KILL "${tree[@]}" 2>/dev/null || true
  done
}

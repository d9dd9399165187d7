# shellcheck shell=bash
# scripts/e2e/lib/commands.sh: the commands env, status, build and outage.

cmd_env() {
  [[ -f $STATE_DIR/owner ]] || log "warning: the cluster is not up (scripts/e2e-cluster up)"
  cat <<EOF
export KUBECONFIG=$ADMIN_KUBECONFIG
export PATH=$BIN_DIR:\$PATH
export KPOD_IMAGE_WEB=$IMAGE_WEB
export KPOD_IMAGE_SHELL=$IMAGE_SHELL
export KPOD_IMAGE_PAUSE=$IMAGE_PAUSE
export KPOD_E2E_NODE=$NODE_NAME
EOF
}

cmd_status() {
  if [[ ! -f $STATE_DIR/owner ]]; then
    echo "kpod-e2e cluster: down"
    return 3
  fi
  local c pid rc=0
  echo "kpod-e2e cluster ($K8S_VERSION), node $NODE_NAME at $NODE_IP"
  for c in "${COMPONENTS[@]}"; do
    if pid=$(proc_pid "$c"); then
      printf '  %-24s running  pid %-7s log %s\n' "$c" "$pid" "$LOG_DIR/$c.log"
    else
      printf '  %-24s STOPPED             log %s\n' "$c" "$LOG_DIR/$c.log"
      rc=1
    fi
  done
  if apiserver_ready; then
    echo "  apiserver: ready at $APISERVER_URL"
    echo "  node: $(kubectl get node "$NODE_NAME" --no-headers 2>/dev/null || echo 'not registered')"
    echo "  coredns: $(kubectl -n kube-system get deploy coredns --no-headers 2>/dev/null || echo 'not deployed')"
    node_ready && coredns_ready || rc=1
  else
    echo "  apiserver: not ready"
    rc=1
  fi
  echo "  kubeconfig: $ADMIN_KUBECONFIG   binaries: $BIN_DIR   state: $STATE_DIR"
  echo "  images: $IMAGE_PAUSE $IMAGE_SHELL $IMAGE_WEB $IMAGE_COREDNS"
  return $rc
}

cmd_build() {
  local start=$EPOCHREALTIME
  build_all
  local name
  for name in pause shell web coredns; do build_image "$name"; done
  log "built in $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')s: $BIN_DIR, $IMAGE_CACHE"
}

# outage: the API server goes away for a while, as in a control-plane
# restart; the rest of the cluster keeps running (torture tests).
cmd_outage() {
  local secs=${1:-10}
  [[ $secs =~ ^[0-9]+$ ]] || die "outage: SECONDS must be a whole number, not $secs"
  local pid
  pid=$(proc_pid kube-apiserver) || die "the API server is not running: scripts/e2e-cluster up first"
  kill -KILL "$pid" # gone at once, as in a crash: the outage lasts SECONDS
  while [[ -d /proc/$pid ]]; do sleep 0.1; done
  rm -f "$PID_DIR/kube-apiserver.pid"
  log "killed kube-apiserver (pid $pid); starting it again in ${secs}s"
  sleep "$secs"
  start_apiserver
  start_controllers
}

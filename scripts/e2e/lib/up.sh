# shellcheck shell=bash
# scripts/e2e/lib/up.sh: the up command: the checks before it, then its phases in order.

cluster_healthy() {
  local c
  for c in "${COMPONENTS[@]}"; do proc_pid "$c" >/dev/null || return 1; done
  apiserver_ready && node_ready && coredns_ready
}

preflight() {
  [[ $(uname -s) == Linux ]] || die "up needs Linux"
  need_root up
  local port path
  for port in "${PORTS[@]}"; do
    if listening_on_port "$port"; then
      die "port $port is already in use by another program; the cluster needs it (ss -ltnp 'sport = :$port' says which)"
    fi
  done
  for path in /etc/kubernetes /var/lib/kubelet /var/lib/etcd; do
    if [[ -d $path && -n $(ls -A "$path") ]]; then
      die "$path exists and was not made by this script (another Kubernetes on this machine?); move it away first"
    fi
  done
  for path in "$NODE_IF" "$POD_BRIDGE"; do
    ! ip link show "$path" >/dev/null 2>&1 || die "network interface $path exists but is not this script's; remove it first"
  done
  [[ -S /run/containerd/containerd.sock ]] && log "note: a containerd runs at /run/containerd; the cluster uses its own at $CONTAINERD_SOCK"
  return 0
}

cmd_up() {
  need_root up
  if [[ -f $STATE_DIR/owner ]]; then
    if cluster_healthy; then
      load_images # in case an image's inputs changed
      log "already up: node $NODE_NAME is Ready (eval \"\$(scripts/e2e-cluster env)\")"
      return 0
    fi
    log "found a stopped or broken kpod-e2e cluster: cleaning it up first"
    cmd_down
  fi
  preflight

  local start=$EPOCHREALTIME
  phase build
  build_all

  phase runtime
  mkdir -p "$STATE_DIR" "$LOG_DIR" "$PID_DIR" "$RUN_DIR"
  echo "kpod scripts/e2e-cluster $K8S_VERSION, up at $(date -u +%FT%TZ)" >"$STATE_DIR/owner"
  install_packages
  detect_host
  set_sysctls
  setup_network
  start_containerd

  phase images
  load_images

  phase "control plane"
  mkdir -p /etc/kubernetes/manifests
  touch /etc/kubernetes/.kpod-e2e
  make_pki
  make_kubeconfigs
  start_etcd
  start_apiserver
  start_controllers

  phase node
  start_kubelet
  start_kube_proxy
  install_crictl

  phase addons
  start_addons
  phase_end

  log "up: node $NODE_NAME is Ready, CoreDNS is Ready. Time per phase:"
  printf '%s\n' "${TIMINGS[@]}" >&2
  printf '  %-14s %6ss\n' total "$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')" >&2
  log "use it with: eval \"\$(scripts/e2e-cluster env)\"; logs: $LOG_DIR"
}

# shellcheck shell=bash
# scripts/e2e/lib/down.sh: the down command, and how it removes mounts, cgroups and
# files without reaching past what up made.

# unmount_under DIR...: unmount everything mounted at or below each DIR, deepest first.
unmount_under() {
  local dir mnt
  for dir in "$@"; do
    while read -r mnt; do
      [[ -n $mnt ]] || continue
      umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || log "warning: cannot unmount $mnt"
    done < <(findmnt -rn -o TARGET | awk -v d="$dir" 'index($0, d) == 1 && (length($0) == length(d) || substr($0, length(d) + 1, 1) == "/")' | sort -r)
  done
}

has_mounts_under() { findmnt -rn -o TARGET | awk -v d="$1/" 'index($0 "/", d) == 1 { f = 1 } END { exit !f }'; }

# safe_remove PATH: rm -rf, but never through something still mounted there.
safe_remove() {
  [[ -e $1 || -L $1 ]] || return 0
  if has_mounts_under "$1"; then
    log "warning: $1 still has mounts; leaving it"
    return 0
  fi
  rm -rf --one-file-system "$1"
}

remove_cgroups() { # the kubelet's kubepods hierarchy, in every controller, deepest first
  local d
  while read -r d; do
    find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done < <(find /sys/fs/cgroup -maxdepth 2 -type d -name kubepods 2>/dev/null)
}

# save_logs: keep the last run's logs outside the state that down removes.
save_logs() {
  [[ -d $LOG_DIR ]] || return 0
  mkdir -p "$CACHE_DIR"
  rm -rf "$CACHE_DIR/last-logs"
  cp -a "$LOG_DIR" "$CACHE_DIR/last-logs"
  log "logs of this run kept in $CACHE_DIR/last-logs"
}

cmd_down() {
  need_root down
  if [[ ! -f $STATE_DIR/owner && ! -d $PID_DIR ]]; then
    log "nothing to do: no kpod-e2e cluster here"
    return 0
  fi
  log "stopping the kpod-e2e cluster"
  # The kubelet first, so that it starts no pod while they are being removed.
  stop_proc kubelet
  remove_pods
  local c
  for c in kube-proxy kube-scheduler kube-controller-manager kube-apiserver etcd containerd; do
    stop_proc "$c"
  done
  kill_leftover_shims
  if [[ -x $BIN_DIR/kube-proxy ]]; then
    "$BIN_DIR/kube-proxy" --cleanup >>"$LOG_DIR/kube-proxy.log" 2>&1 || true
  fi
  clean_iptables

  # Network: pod namespaces made since up, the pod bridge, the node address.
  local ns
  for ns in /run/netns/cni-*; do
    [[ -e $ns ]] || continue
    grep -qxF "${ns##*/}" "$STATE_DIR/netns.before" 2>/dev/null && continue
    umount "$ns" 2>/dev/null || true
    rm -f "$ns"
  done
  ip link del "$POD_BRIDGE" 2>/dev/null || true
  ip link del "$NODE_IF" 2>/dev/null || true

  unmount_under /var/lib/kubelet "$RUN_DIR" "$STATE_DIR"
  remove_cgroups
  restore_sysctls

  # Files: the kubeadm-like layout, etcd data, CNI state, what up recorded as its own.
  safe_remove /var/lib/kubelet
  [[ ! -f /etc/kubernetes/.kpod-e2e ]] || safe_remove /etc/kubernetes
  [[ ! -f $STATE_DIR/owner ]] || safe_remove /var/lib/etcd
  safe_remove "$CNI_CONF"
  safe_remove /var/lib/cni/networks/kpod-e2e
  rm -f /var/lib/cni/results/kpod-e2e-* 2>/dev/null || true
  if [[ -f $STATE_DIR/created ]]; then
    local path
    while read -r path; do
      [[ -n $path ]] && safe_remove "$path"
    done < <(sort -ru "$STATE_DIR/created")
  fi
  save_logs
  safe_remove "$RUN_DIR"
  safe_remove "$STATE_DIR"
  log "down: no kpod-e2e process, mount, iptables chain or file left"
}

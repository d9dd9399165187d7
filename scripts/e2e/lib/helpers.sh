# shellcheck shell=bash
# scripts/e2e/lib/helpers.sh: logging, the tools bound to the cluster (kubectl, ctr,
# crictl), phase timing, waiting, templates, what up made, host probes.

log() { printf '[e2e-cluster] %s\n' "$*" >&2; }
die() { printf 'e2e-cluster: %s\n' "$*" >&2; exit 1; }

kubectl() { "$BIN_DIR/kubectl" --kubeconfig "$ADMIN_KUBECONFIG" "$@"; }
ctr() { command ctr --address "$CONTAINERD_SOCK" -n k8s.io "$@"; }
crictl() { "$BIN_DIR/crictl" --runtime-endpoint "unix://$CONTAINERD_SOCK" --image-endpoint "unix://$CONTAINERD_SOCK" "$@"; }

PHASE_NAME='' PHASE_START=''
declare -a TIMINGS=()
phase() { # phase NAME: start timing a phase (ends the one before)
  phase_end
  PHASE_NAME=$1 PHASE_START=$EPOCHREALTIME
  log "== $1"
}
phase_end() {
  [[ -n $PHASE_NAME ]] || return 0
  local secs
  secs=$(awk -v a="$PHASE_START" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  TIMINGS+=("$(printf '  %-14s %6ss' "$PHASE_NAME" "$secs")")
  PHASE_NAME=''
}

# wait_for DESCRIPTION LOGNAME COMMAND...: retry COMMAND until it succeeds or WAIT_TIMEOUT.
wait_for() {
  local what=$1 logname=$2; shift 2
  local deadline=$((SECONDS + WAIT_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${WAIT_TIMEOUT}s waiting for $what"
      if [[ -n $logname && -f $LOG_DIR/$logname.log ]]; then
        log "last lines of $LOG_DIR/$logname.log:"
        tail -n 20 "$LOG_DIR/$logname.log" >&2
      fi
      die "$what did not come up (logs: $LOG_DIR; clean up with: scripts/e2e-cluster down)"
    fi
    sleep 1
  done
}

# render TEMPLATE OUT: copy a template, replacing @NAME@ by the value of $NAME.
render() {
  local template=$TEMPLATE_DIR/$1 out=$2 text name
  text=$(<"$template")
  for name in STATE_DIR RUN_DIR CONTAINERD_SOCK IMAGE_PAUSE IMAGE_COREDNS RESTRICT_OOM_SCORE_ADJ \
    CNI_BIN_DIR POD_BRIDGE NODE_POD_SUBNET POD_GATEWAY NODE_IP NODE_NAME FAIL_CGROUP_V1 DNS_IP \
    CLUSTER_DOMAIN POD_CIDR MASQUERADE_ALL; do
    text=${text//@$name@/${!name-}}
  done
  [[ $text != *@[A-Z_]*@* ]] || die "template $1 has a placeholder left: $(grep -o '@[A-Z_]*@' <<<"$text" | head -1)"
  printf '%s\n' "$text" >"$out"
}

# ensure_dir DIR: mkdir -p, recording the topmost directory this script created,
# so that down removes exactly what up made.
ensure_dir() {
  local dir=$1 top=''
  while [[ ! -e $dir ]]; do top=$dir; dir=$(dirname "$dir"); done
  if [[ -n $top ]]; then
    mkdir -p "$1"
    echo "$top" >>"$STATE_DIR/created"
  fi
}

# record_file FILE: record FILE as made by this script (if it did not exist).
record_file() { [[ -e $1 ]] || echo "$1" >>"$STATE_DIR/created"; }

sha() { sha256sum "$@" | awk '{print $1}'; }

is_cgroup_v2() { [[ $(stat -fc %T /sys/fs/cgroup) == cgroup2fs ]]; }

# True when this process may lower its oom_score_adj (needs CAP_SYS_RESOURCE).
can_lower_oom_score_adj() {
  (
    cur=$(</proc/self/oom_score_adj)
    ((cur > -1000)) || exit 0
    echo $((cur - 1)) >/proc/self/oom_score_adj
  ) 2>/dev/null
}

listening_on_port() { # listening_on_port PORT: a TCP socket listens on PORT (any address)
  local hex
  hex=$(printf '%04X' "$1")
  awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6
}

need_root() { [[ $(id -u) == 0 ]] || die "$1 needs root (it runs containerd, the kubelet and changes iptables); run it with sudo"; }

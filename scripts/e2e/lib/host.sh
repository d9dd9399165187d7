# shellcheck shell=bash
# scripts/e2e/lib/host.sh: phase runtime, the host: Debian packages, what the host
# allows (cgroup version, oom_score_adj, br_netfilter), sysctls set by up and restored by down.

install_packages() {
  local missing=() entry probe pkg
  for entry in "${RUNTIME_PACKAGES[@]}"; do
    read -r probe pkg <<<"$entry"
    if [[ $probe == /* ]]; then [[ -e $probe ]] && continue; else command -v "$probe" >/dev/null && continue; fi
    [[ " ${missing[*]} " == *" $pkg "* ]] || missing+=("$pkg")
  done
  # busybox-static, not the dynamic busybox: the image has no libc.
  [[ $(dpkg-query -W -f='${Status}' busybox-static 2>/dev/null) == *'ok installed'* ]] ||
    [[ " ${missing[*]} " == *" busybox-static "* ]] || missing+=(busybox-static)
  ((${#missing[@]})) || return 0
  command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get to install them"
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

cni_bin_dir() {
  local d
  for d in /usr/lib/cni /opt/cni/bin; do [[ -x $d/bridge ]] && { echo "$d"; return; }; done
  die "no CNI plugins found (/usr/lib/cni or /opt/cni/bin)"
}

# shellcheck disable=SC2034 # CNI_BIN_DIR, RESTRICT_OOM_SCORE_ADJ, FAIL_CGROUP_V1, MASQUERADE_ALL reach the templates by name (see render)
detect_host() {
  CNI_BIN_DIR=$(cni_bin_dir)
  if can_lower_oom_score_adj; then RESTRICT_OOM_SCORE_ADJ=false; else RESTRICT_OOM_SCORE_ADJ=true; fi
  if is_cgroup_v2; then FAIL_CGROUP_V1=true; else FAIL_CGROUP_V1=false; fi
  MASQUERADE_ALL=false
  if [[ ! -e /proc/sys/net/bridge/bridge-nf-call-iptables ]]; then
    command -v modprobe >/dev/null && modprobe br_netfilter 2>/dev/null || true
  fi
  if [[ ! -e /proc/sys/net/bridge/bridge-nf-call-iptables ]]; then
    # Bridged replies would skip conntrack: make Service traffic go through the host.
    MASQUERADE_ALL=true
  fi
  {
    echo "cgroup: $(is_cgroup_v2 && echo v2 || echo v1)"
    echo "restrict_oom_score_adj: $RESTRICT_OOM_SCORE_ADJ"
    echo "masqueradeAll: $MASQUERADE_ALL"
    echo "cni bin dir: $CNI_BIN_DIR"
  } >"$STATE_DIR/host"
  log "host: $(paste -sd, "$STATE_DIR/host" | sed 's/,/, /g')"
}

set_sysctls() {
  local key file
  if [[ ! -f $STATE_DIR/sysctl.orig ]]; then
    for key in "${SYSCTLS[@]}"; do
      file=/proc/sys/${key//.//}
      [[ -r $file ]] && echo "$key=$(<"$file")" >>"$STATE_DIR/sysctl.orig"
    done
  fi
  echo 1 >/proc/sys/net/ipv4/ip_forward
  if [[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]]; then
    echo 1 >/proc/sys/net/bridge/bridge-nf-call-iptables
  fi
}

restore_sysctls() {
  local key value
  [[ -f $STATE_DIR/sysctl.orig ]] || return 0
  while IFS='=' read -r key value; do
    if [[ $key == net.ipv4.ip_forward && $value == 0 ]] && grep -qsx dockerd /proc/[0-9]*/comm; then
      log "leaving net.ipv4.ip_forward=1: Docker runs here and needs it too"
      continue
    fi
    echo "$value" >"/proc/sys/${key//.//}" 2>/dev/null || true
  done <"$STATE_DIR/sysctl.orig"
}

# shellcheck shell=bash
# scripts/e2e/lib/network.sh: phase runtime, the network: the node address, the CNI
# configuration, the KPOD-E2E-FORWARD chain; and the iptables cleanup of down.

setup_network() {
  if ! ip link show "$NODE_IF" >/dev/null 2>&1; then
    # A bridge without ports stands in for a dummy interface (not every kernel has one).
    ip link add "$NODE_IF" type bridge
  fi
  ip addr replace "$NODE_IP/32" dev "$NODE_IF"
  ip link set "$NODE_IF" up
  setup_forward_rules
  ensure_dir /etc/cni/net.d
  ensure_dir /var/lib/cni
  render cni.conflist "$CNI_CONF"
  # Remember the pod network namespaces that were not ours, so down leaves them.
  [[ -f $STATE_DIR/netns.before ]] || ls /run/netns 2>/dev/null >"$STATE_DIR/netns.before" || true
}

# setup_forward_rules: pods may talk to each other (directly or through a
# Service) even where FORWARD's policy is DROP (as Docker sets it), and to this
# node, but never past it: nothing they send leaves the machine.
setup_forward_rules() {
  iptables -w -N KPOD-E2E-FORWARD 2>/dev/null || iptables -w -F KPOD-E2E-FORWARD
  iptables -w -A KPOD-E2E-FORWARD -i "$POD_BRIDGE" -o "$POD_BRIDGE" -j ACCEPT
  iptables -w -A KPOD-E2E-FORWARD -i "$POD_BRIDGE" -j REJECT
  iptables -w -C FORWARD -j KPOD-E2E-FORWARD 2>/dev/null || iptables -w -I FORWARD 1 -j KPOD-E2E-FORWARD
}

# clean_iptables: remove every chain named KUBE-*, CNI-* or KPOD-E2E-* and the
# rules that jump to them, in every table, for IPv4 and IPv6.
clean_iptables() {
  local ipt table chain rule
  for ipt in iptables ip6tables; do
    command -v "$ipt" >/dev/null || continue
    for table in filter nat mangle raw; do
      "$ipt" -w -t "$table" -S >/dev/null 2>&1 || continue
      while read -r rule; do
        # shellcheck disable=SC2086 # a rule is a list of arguments
        eval "$ipt -w -t $table ${rule/#-A /-D }" 2>/dev/null || true
      done < <("$ipt" -w -t "$table" -S | grep -E '^-A ' | grep -E -- '-j (KUBE-|CNI-|KPOD-E2E-)')
      while read -r chain; do
        "$ipt" -w -t "$table" -F "$chain" 2>/dev/null || true
      done < <("$ipt" -w -t "$table" -S | awk '$1 == "-N" && $2 ~ /^(KUBE-|CNI-|KPOD-E2E-)/ { print $2 }')
      while read -r chain; do
        "$ipt" -w -t "$table" -X "$chain" 2>/dev/null || true
      done < <("$ipt" -w -t "$table" -S | awk '$1 == "-N" && $2 ~ /^(KUBE-|CNI-|KPOD-E2E-)/ { print $2 }')
    done
  done
  # kube-proxy may leave nftables tables of its own behind.
  if command -v nft >/dev/null; then
    local t
    for t in "ip kube-proxy" "ip6 kube-proxy"; do nft delete table $t 2>/dev/null || true; done
  fi
}

# shellcheck shell=bash
# scripts/e2e/lib/node.sh: phase node: kubelet, kube-proxy, crictl on the host.

node_ready() {
  [[ $(kubectl get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null) == True ]]
}

start_kubelet() {
  mkdir -p /var/lib/kubelet /etc/kubernetes/manifests
  ensure_dir /var/log/pods
  ensure_dir /var/log/containers
  render kubelet-config.yaml /var/lib/kubelet/config.yaml
  proc_pid kubelet >/dev/null || start_proc kubelet "$BIN_DIR/kubelet" \
    --config=/var/lib/kubelet/config.yaml --kubeconfig=/etc/kubernetes/kubelet.conf \
    --hostname-override="$NODE_NAME" --node-ip="$NODE_IP"
  wait_for "node $NODE_NAME to be Ready" kubelet node_ready
  kubectl label node "$NODE_NAME" node-role.kubernetes.io/control-plane= --overwrite >/dev/null
}

start_kube_proxy() {
  render kube-proxy-config.yaml "$STATE_DIR/kube-proxy.yaml"
  proc_pid kube-proxy >/dev/null || start_proc kube-proxy "$BIN_DIR/kube-proxy" --config="$STATE_DIR/kube-proxy.yaml"
  wait_for kube-proxy kube-proxy plain_healthz 10256
}

install_crictl() {
  record_file /usr/local/bin/crictl
  install -m 0755 "$BIN_DIR/crictl" /usr/local/bin/crictl
  record_file /etc/crictl.yaml
  cat >/etc/crictl.yaml <<EOF
# written by kpod scripts/e2e-cluster
runtime-endpoint: unix://$CONTAINERD_SOCK
image-endpoint: unix://$CONTAINERD_SOCK
timeout: 10
EOF
}

# shellcheck shell=bash
# scripts/e2e/lib/addons.sh: phase addons: CoreDNS.

coredns_ready() {
  [[ $(kubectl -n kube-system get deploy coredns -o jsonpath='{.status.readyReplicas}' 2>/dev/null) -ge 1 ]]
}

start_addons() {
  render coredns.yaml "$STATE_DIR/coredns.yaml"
  kubectl apply -f "$STATE_DIR/coredns.yaml" >/dev/null
  wait_for "the default ServiceAccount" "" kubectl -n default get serviceaccount default
  wait_for "CoreDNS to be Ready" kubelet coredns_ready
}

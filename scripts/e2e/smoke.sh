#!/usr/bin/env bash
# scripts/e2e/smoke.sh: check that the cluster scripts/e2e-cluster brought up
# does what kpod's lessons rely on. Runs in its own namespace and removes it.
#
#   sudo scripts/e2e-cluster up && sudo scripts/e2e/smoke.sh
set -Euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
eval "$("$REPO_DIR/scripts/e2e-cluster" env 2>/dev/null)"
NS=kpod-e2e-smoke
STATIC=/etc/kubernetes/manifests/kpod-smoke-static.yaml
PASSED=0 FAILED=0

check() { # check NAME COMMAND...
  local name=$1 out; shift
  if out=$("$@" 2>&1); then
    PASSED=$((PASSED + 1)); echo "ok    $name"
  else
    FAILED=$((FAILED + 1)); echo "FAIL  $name"; sed 's/^/      /' <<<"$out" | tail -n 8
  fi
}

k() { kubectl -n "$NS" "$@"; }
retry() { # retry SECONDS COMMAND...: until COMMAND succeeds
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do ((SECONDS < deadline)) || return 1; sleep 1; done
}

cleanup() {
  rm -f "$STATIC"
  kubectl delete namespace "$NS" --wait=false >/dev/null 2>&1 || true
}
trap cleanup EXIT

node_ready() { [[ $(kubectl get node kpod-e2e -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}') == True ]]; }
coredns_ready() { [[ $(kubectl -n kube-system get deploy coredns -o jsonpath='{.status.readyReplicas}') == 1 ]]; }
check "node kpod-e2e is Ready" node_ready
check "CoreDNS is Ready (it reached the API server with its ServiceAccount token)" coredns_ready

kubectl create namespace "$NS" >/dev/null
retry 30 k get serviceaccount default >/dev/null 2>&1
k apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata: {name: shell}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: shell, image: $KPOD_IMAGE_SHELL, command: [sleep, "3600"]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: web, image: $KPOD_IMAGE_WEB, ports: [{containerPort: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: myservice}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: liveness}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: c
    image: $KPOD_IMAGE_SHELL
    command: [sh, -c, "touch /tmp/healthy; sleep 5; rm /tmp/healthy; sleep 600"]
    livenessProbe:
      exec: {command: [cat, /tmp/healthy]}
      periodSeconds: 2
      failureThreshold: 1
---
apiVersion: v1
kind: Pod
metadata: {name: oom}
spec:
  restartPolicy: Never
  containers:
  - name: c
    image: $KPOD_IMAGE_SHELL
    command: [sh, -c, "head -c 100m /dev/zero | tail"]
    resources: {limits: {memory: 32Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: node-helper}
spec:
  hostPID: true
  terminationGracePeriodSeconds: 1
  containers:
  - name: c
    image: $KPOD_IMAGE_SHELL
    command: [sleep, "3600"]
    securityContext: {privileged: true}
    volumeMounts: [{name: host, mountPath: /host}]
  volumes:
  - name: host
    hostPath: {path: /}
EOF
cat >"$STATIC" <<EOF
apiVersion: v1
kind: Pod
metadata: {name: kpod-smoke-static, namespace: $NS}
spec:
  containers:
  - {name: web, image: $KPOD_IMAGE_WEB}
EOF

check "pods shell, web, node-helper are Ready" k wait --for=condition=Ready pod/shell pod/web pod/node-helper --timeout=60s
web_ip=$(k get pod web -o jsonpath='{.status.podIP}')
check "the web pod has an IP ($web_ip)" test -n "$web_ip"
check "nslookup kubernetes.default in a pod" k exec shell -- nslookup kubernetes.default
check "nslookup myservice in a pod" retry 20 k exec shell -- nslookup myservice
check "wget http://<web pod IP>/ from another pod" retry 10 \
  bash -c "kubectl -n $NS exec shell -- wget -qO- http://$web_ip/ | grep -q 'Welcome to kpod web'"
check "wget http://myservice/ (Service via kube-proxy) from another pod" retry 10 \
  bash -c "kubectl -n $NS exec shell -- wget -qO- http://myservice/ | grep -q 'Welcome to kpod web'"
check "the web server logs each request" retry 10 bash -c "kubectl -n $NS logs web | grep -q 'response:200'"
check "the web image defines WEB_SERVER and WEB_ROOT" \
  bash -c "kubectl -n $NS exec web -- env | grep -q '^WEB_ROOT=/usr/share/nginx/html'"
check "no index.html gives 404" bash -c "kubectl -n $NS exec web -- rm /usr/share/nginx/html/index.html &&
  kubectl -n $NS exec shell -- wget -qO- http://$web_ip/ 2>&1 | grep -q '404'"
check "a failing exec livenessProbe restarts the container" retry 60 \
  bash -c "(( \$(kubectl -n $NS get pod liveness -o jsonpath='{.status.containerStatuses[0].restartCount}') >= 1 ))"
check "a 32Mi pod that allocates 100M is OOMKilled, exit code 137" retry 60 \
  bash -c "[[ \$(kubectl -n $NS get pod oom -o jsonpath='{.status.containerStatuses[0].state.terminated.reason}/{.status.containerStatuses[0].state.terminated.exitCode}') == OOMKilled/137 ]]"
check "a static pod manifest gives the mirror pod kpod-smoke-static-kpod-e2e" retry 60 \
  k get pod kpod-smoke-static-kpod-e2e
check "chroot /host crictl pods in a privileged hostPID pod" \
  bash -c "kubectl -n $NS exec node-helper -- chroot /host crictl pods | grep -q node-helper"
check "chroot /host crictl ps in a privileged hostPID pod" \
  bash -c "kubectl -n $NS exec node-helper -- chroot /host crictl ps | grep -q node-helper"
check "the sandbox process is /pause" bash -c "kubectl -n $NS exec node-helper -- ps -o args | grep -qx /pause"

echo "$PASSED passed, $FAILED failed"
((FAILED == 0))

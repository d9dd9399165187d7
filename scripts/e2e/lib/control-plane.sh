# shellcheck shell=bash
# scripts/e2e/lib/control-plane.sh: phase control plane, the processes: etcd, the API
# server, the controller manager and the scheduler, and their health checks.

etcd_healthy() {
  [[ $(curl -sf --max-time 2 --cacert "$PKI/etcd/ca.crt" --cert "$PKI/apiserver-etcd-client.crt" \
    --key "$PKI/apiserver-etcd-client.key" https://127.0.0.1:2379/health) == *'"health":"true"'* ]]
}
apiserver_ready() { kubectl get --raw /readyz >/dev/null 2>&1; }
local_healthz() { curl -skf --max-time 2 "https://127.0.0.1:$1/healthz" >/dev/null; }
plain_healthz() { curl -sf --max-time 2 "http://127.0.0.1:$1/healthz" >/dev/null; }

start_etcd() {
  proc_pid etcd >/dev/null || start_proc etcd "$BIN_DIR/etcd" \
    --name="$NODE_NAME" --data-dir=/var/lib/etcd \
    --listen-client-urls=https://127.0.0.1:2379 --advertise-client-urls=https://127.0.0.1:2379 \
    --listen-peer-urls=https://127.0.0.1:2380 --initial-advertise-peer-urls=https://127.0.0.1:2380 \
    --initial-cluster="$NODE_NAME=https://127.0.0.1:2380" --listen-metrics-urls=http://127.0.0.1:2381 \
    --cert-file="$PKI/etcd/server.crt" --key-file="$PKI/etcd/server.key" \
    --trusted-ca-file="$PKI/etcd/ca.crt" --client-cert-auth=true \
    --peer-cert-file="$PKI/etcd/server.crt" --peer-key-file="$PKI/etcd/server.key" \
    --peer-trusted-ca-file="$PKI/etcd/ca.crt" --peer-client-cert-auth=true \
    --snapshot-count=10000
  wait_for etcd etcd etcd_healthy
}

start_apiserver() {
  proc_pid kube-apiserver >/dev/null || start_proc kube-apiserver "$BIN_DIR/kube-apiserver" \
    --advertise-address="$NODE_IP" --bind-address="$NODE_IP" --secure-port=6443 \
    --allow-privileged=true --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NodeRestriction --enable-bootstrap-token-auth=true \
    --client-ca-file="$PKI/ca.crt" --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --etcd-servers=https://127.0.0.1:2379 --etcd-cafile="$PKI/etcd/ca.crt" \
    --etcd-certfile="$PKI/apiserver-etcd-client.crt" --etcd-keyfile="$PKI/apiserver-etcd-client.key" \
    --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname \
    --proxy-client-cert-file="$PKI/front-proxy-client.crt" --proxy-client-key-file="$PKI/front-proxy-client.key" \
    --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-extra-headers-prefix=X-Remote-Extra- --requestheader-group-headers=X-Remote-Group \
    --requestheader-username-headers=X-Remote-User \
    --service-account-issuer="https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR"
  wait_for "kube-apiserver" kube-apiserver apiserver_ready
}

start_controllers() {
  proc_pid kube-controller-manager >/dev/null || start_proc kube-controller-manager "$BIN_DIR/kube-controller-manager" \
    --kubeconfig=/etc/kubernetes/controller-manager.conf \
    --authentication-kubeconfig=/etc/kubernetes/controller-manager.conf \
    --authorization-kubeconfig=/etc/kubernetes/controller-manager.conf \
    --bind-address=127.0.0.1 --leader-elect=false --cluster-name="$NODE_NAME" \
    --client-ca-file="$PKI/ca.crt" --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --controllers='*,bootstrapsigner,tokencleaner' --root-ca-file="$PKI/ca.crt" \
    --service-account-private-key-file="$PKI/sa.key" --use-service-account-credentials=true \
    --allocate-node-cidrs=true --cluster-cidr="$POD_CIDR" --node-cidr-mask-size=24 \
    --service-cluster-ip-range="$SERVICE_CIDR"
  proc_pid kube-scheduler >/dev/null || start_proc kube-scheduler "$BIN_DIR/kube-scheduler" \
    --kubeconfig=/etc/kubernetes/scheduler.conf \
    --authentication-kubeconfig=/etc/kubernetes/scheduler.conf \
    --authorization-kubeconfig=/etc/kubernetes/scheduler.conf \
    --bind-address=127.0.0.1 --leader-elect=false
  wait_for kube-controller-manager kube-controller-manager local_healthz 10257
  wait_for kube-scheduler kube-scheduler local_healthz 10259
}

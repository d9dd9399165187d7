# shellcheck shell=bash
# scripts/e2e/lib/settings.sh: what the cluster is (version, paths, addresses, images)
# and the lists the steps walk. Sourced first by scripts/e2e-cluster; scripts/kind-e2e
# and scripts/kind-node-image read the K8S_VERSION= and K8S_LDFLAGS= lines.
# shellcheck disable=SC2034 # settings reach the templates by name (see render) and the other files

K8S_VERSION=v1.37.2
# CI may run without HOME, and go needs it for its build cache.
if [[ -z ${HOME:-} ]]; then HOME=$(getent passwd "$(id -u)" | cut -d: -f6); export HOME; fi
if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then PATH=$PATH:/usr/local/go/bin; fi
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd) # this file is scripts/e2e/lib/settings.sh
E2E_DIR=$REPO_DIR/scripts/e2e
TEMPLATE_DIR=$E2E_DIR/templates

CACHE_DIR=${KPOD_E2E_CACHE:-$HOME/.cache/kpod-e2e/$K8S_VERSION}
BIN_DIR=$CACHE_DIR/bin
IMAGE_CACHE=$CACHE_DIR/images
STATE_DIR=/var/lib/kpod-e2e        # pids, logs, containerd root, records
RUN_DIR=/run/kpod-e2e              # sockets and containerd state
LOG_DIR=$STATE_DIR/logs
PID_DIR=$STATE_DIR/pids
WAIT_TIMEOUT=${KPOD_E2E_TIMEOUT:-180}

NODE_NAME=kpod-e2e
NODE_IF=kpod-node                  # an empty bridge that carries the node address only
NODE_IP=10.250.0.1                 # apiserver, kubelet; pods reach it through their gateway
POD_BRIDGE=kpod0                   # made by the CNI bridge plugin
POD_CIDR=10.244.0.0/16
NODE_POD_SUBNET=10.244.0.0/24
POD_GATEWAY=10.244.0.1
SERVICE_CIDR=10.96.0.0/16
KUBERNETES_SVC_IP=10.96.0.1
DNS_IP=10.96.0.10
CLUSTER_DOMAIN=cluster.local
APISERVER_URL=https://$NODE_IP:6443
CONTAINERD_SOCK=$RUN_DIR/containerd/containerd.sock
CNI_CONF=/etc/cni/net.d/10-kpod-e2e.conflist
ADMIN_KUBECONFIG=/etc/kubernetes/admin.conf
PKI=/etc/kubernetes/pki

IMAGE_PAUSE=kpod.local/pause:1.0
IMAGE_SHELL=kpod.local/shell:1.0
IMAGE_WEB=kpod.local/web:1.0
IMAGE_COREDNS=kpod.local/coredns:1.15.0

K8S_COMPONENTS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
K8S_LDFLAGS="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=37 -X k8s.io/component-base/version.gitTreeState=clean -X k8s.io/component-base/version.buildDate=2026-01-01T00:00:00Z"

# Debian packages the node needs: command or file that tells it is there, package.
RUNTIME_PACKAGES=(
  "containerd containerd" "runc runc" "/usr/lib/cni/bridge containernetworking-plugins"
  "iptables iptables" "conntrack conntrack" "/bin/busybox busybox-static"
  "ip iproute2" "openssl openssl" "curl curl" "findmnt util-linux" "setsid util-linux"
)
# Ports the cluster listens on (loopback or the node address).
PORTS=(2379 2380 2381 6443 10248 10249 10250 10256 10257 10259)
# Sysctls that this script, the kubelet or kube-proxy set; restored by down.
SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.ipv4.conf.all.route_localnet
  vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
# Processes in start order; down stops them in reverse (the kubelet first, see down).
COMPONENTS=(containerd etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy)

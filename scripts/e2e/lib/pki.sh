# shellcheck shell=bash
# scripts/e2e/lib/pki.sh: phase control plane, certificates and kubeconfigs in
# kubeadm's layout ($PKI, /etc/kubernetes/*.conf).

gen_ca() { # gen_ca PATH CN
  openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.crt" -subj "/CN=$2" \
    -days 3650 -sha256 -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign 2>/dev/null
}

gen_cert() { # gen_cert PATH CA SUBJECT EXTENDED-KEY-USAGE [SUBJECT-ALT-NAMES]
  local out=$1 ca=$2 subject=$3 eku=$4 sans=${5:-} ext
  ext=$(mktemp)
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    [[ -z $sans ]] || echo "subjectAltName=$sans"
  } >"$ext"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$out.key" -out "$out.csr" -subj "$subject" 2>/dev/null
  openssl x509 -req -in "$out.csr" -CA "$ca.crt" -CAkey "$ca.key" -set_serial "0x$(openssl rand -hex 8)" \
    -days 3650 -sha256 -extfile "$ext" -out "$out.crt" 2>/dev/null
  rm -f "$out.csr" "$ext"
}

make_pki() {
  [[ -f $PKI/ca.crt && -f $PKI/sa.pub ]] && return 0
  mkdir -p "$PKI/etcd"
  gen_ca "$PKI/ca" kubernetes
  gen_ca "$PKI/front-proxy-ca" front-proxy-ca
  gen_ca "$PKI/etcd/ca" etcd-ca
  gen_cert "$PKI/apiserver" "$PKI/ca" /CN=kube-apiserver serverAuth \
    "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN,DNS:$NODE_NAME,DNS:localhost,IP:$KUBERNETES_SVC_IP,IP:$NODE_IP,IP:127.0.0.1"
  gen_cert "$PKI/apiserver-kubelet-client" "$PKI/ca" "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
  gen_cert "$PKI/front-proxy-client" "$PKI/front-proxy-ca" /CN=front-proxy-client clientAuth
  gen_cert "$PKI/etcd/server" "$PKI/etcd/ca" "/CN=$NODE_NAME" serverAuth,clientAuth "DNS:$NODE_NAME,DNS:localhost,IP:127.0.0.1"
  gen_cert "$PKI/apiserver-etcd-client" "$PKI/etcd/ca" /CN=kube-apiserver-etcd-client clientAuth
  openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  chmod 600 "$PKI"/*.key "$PKI"/etcd/*.key
}

# write_kubeconfig FILE USER SUBJECT: a client certificate signed by the cluster CA, embedded.
write_kubeconfig() {
  local file=$1 user=$2 subject=$3 tmp
  [[ -f $file ]] && return 0
  tmp=$(mktemp -d)
  gen_cert "$tmp/client" "$PKI/ca" "$subject" clientAuth
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $NODE_NAME
  cluster:
    certificate-authority-data: $(base64 -w0 "$PKI/ca.crt")
    server: $APISERVER_URL
contexts:
- name: $NODE_NAME
  context:
    cluster: $NODE_NAME
    user: $user
current-context: $NODE_NAME
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 "$tmp/client.crt")
    client-key-data: $(base64 -w0 "$tmp/client.key")
EOF
  chmod 600 "$file"
  rm -rf "$tmp"
}

make_kubeconfigs() {
  write_kubeconfig "$ADMIN_KUBECONFIG" kubernetes-admin "/O=system:masters/CN=kubernetes-admin"
  write_kubeconfig /etc/kubernetes/controller-manager.conf system:kube-controller-manager /CN=system:kube-controller-manager
  write_kubeconfig /etc/kubernetes/scheduler.conf system:kube-scheduler /CN=system:kube-scheduler
  write_kubeconfig /etc/kubernetes/kubelet.conf "system:node:$NODE_NAME" "/O=system:nodes/CN=system:node:$NODE_NAME"
  write_kubeconfig /etc/kubernetes/kube-proxy.conf system:kube-proxy /CN=system:kube-proxy
}

# shellcheck shell=bash
# scripts/e2e/lib/build.sh: phase build. Binaries are cached under $CACHE_DIR and never
# rebuilt when present (Kubernetes) or when their module did not change (the others).

k8s_binary_ok() { # the binary exists and says it is $K8S_VERSION
  local b=$BIN_DIR/$1
  [[ -x $b ]] || return 1
  if [[ $1 == kubectl ]]; then
    [[ $("$b" version --client 2>/dev/null) == *"$K8S_VERSION"* ]]
  else
    [[ $("$b" --version 2>/dev/null) == *"$K8S_VERSION"* ]]
  fi
}

build_k8s() { # build_k8s COMPONENT...: build the missing ones in one go build
  local missing=() c
  for c in "$@"; do k8s_binary_ok "$c" || missing+=("k8s.io/kubernetes/cmd/$c"); done
  ((${#missing[@]})) || return 0
  log "building Kubernetes $K8S_VERSION: ${missing[*]#k8s.io/kubernetes/cmd/} (cold: about 8 minutes on 2 cores)"
  (cd "$E2E_DIR/k8s" && go build -ldflags="$K8S_LDFLAGS" -o "$BIN_DIR/" "${missing[@]}")
}

# build_module NAME OUTPUT PACKAGE [LDFLAGS]: build a tool of a small module under
# scripts/e2e/NAME, static (CGO_ENABLED=0); rebuilt only when the module's files change.
build_module() {
  local name=$1 out=$2 pkg=$3 ldflags="-s -w ${4:-}" dir=$E2E_DIR/$1 stamp inputs
  inputs=$( { echo "$ldflags"; cd "$dir" && shopt -s nullglob && sha256sum go.* *.go; } | sha256sum | awk '{print $1}')
  stamp=$BIN_DIR/.$out.inputs
  if [[ -x $BIN_DIR/$out && -f $stamp && $(<"$stamp") == "$inputs" ]]; then
    return 0
  fi
  log "building $out (scripts/e2e/$name)"
  (cd "$dir" && CGO_ENABLED=0 go build -ldflags="$ldflags" -o "$BIN_DIR/$out" "$pkg")
  echo "$inputs" >"$stamp"
}

build_all() {
  command -v go >/dev/null || die "go is not installed (needed to build the cluster's binaries)"
  mkdir -p "$BIN_DIR" "$IMAGE_CACHE"
  # One build at a time: the machine has two cores.
  exec 9>"$CACHE_DIR/.build.lock"
  flock 9
  build_k8s "${K8S_COMPONENTS[@]}"
  if [[ ${KPOD_E2E_KUBEADM:-0} == 1 ]]; then build_k8s kubeadm; fi
  build_module etcd etcd go.etcd.io/etcd/server/v3
  build_module coredns coredns github.com/coredns/coredns
  build_module crictl crictl sigs.k8s.io/cri-tools/cmd/crictl "-X sigs.k8s.io/cri-tools/pkg/version.Version=v1.37.0"
  build_module pause pause .
  build_module imgtool imgtool .
  flock -u 9
}

# shellcheck shell=bash
# scripts/e2e/lib/images.sh: phase images. Tarballs are cached under $IMAGE_CACHE,
# rebuilt when their inputs change, and imported into containerd.

busybox_rootfs() { # busybox_rootfs DIR: static busybox, every applet, minimal /etc
  local dir=$1 applet
  mkdir -p "$dir"/{bin,etc,root,tmp,var,proc,sys,dev,usr/bin,usr/local/bin}
  chmod 1777 "$dir/tmp"
  chmod 700 "$dir/root"
  install -m 0755 /bin/busybox "$dir/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [[ $applet == busybox ]] || ln -sf busybox "$dir/bin/$applet"
  done
  # busybox 1.35's nslookup skips the search domains for a name with a dot
  # ("kubernetes.default"); this wrapper tries them first, as libc does.
  rm "$dir/bin/nslookup"
  install -m 0755 "$E2E_DIR/images/nslookup" "$dir/bin/nslookup"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$dir/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
}

rootfs_pause() { install -m 0755 "$BIN_DIR/pause" "$1/pause"; }
rootfs_shell() { busybox_rootfs "$1"; }
rootfs_web() {
  busybox_rootfs "$1"
  mkdir -p "$1/usr/share/nginx/html"
  cat >"$1/usr/share/nginx/html/index.html" <<'EOF'
<!DOCTYPE html>
<html>
<head><title>Welcome to kpod web!</title></head>
<body>
<h1>Welcome to kpod web!</h1>
<p>This page is served by busybox httpd from /usr/share/nginx/html in the kpod.local/web image.</p>
</body>
</html>
EOF
}
rootfs_coredns() {
  install -m 0755 "$BIN_DIR/coredns" "$1/coredns"
  mkdir -p "$1/etc/coredns" "$1/tmp"
  chmod 1777 "$1/tmp"
}

# image_recipe NAME: set IMG_TAG, IMG_ROOTFS (function that fills a directory),
# IMG_INPUTS (files the image is made of) and IMG_ARGS (imgtool flags).
image_recipe() {
  local path=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  case $1 in
  pause)
    IMG_TAG=$IMAGE_PAUSE IMG_ROOTFS=rootfs_pause IMG_INPUTS=("$BIN_DIR/pause")
    IMG_ARGS=(-entrypoint '["/pause"]') ;;
  shell)
    IMG_TAG=$IMAGE_SHELL IMG_ROOTFS=rootfs_shell IMG_INPUTS=(/bin/busybox "$E2E_DIR/images/nslookup")
    IMG_ARGS=(-cmd '["sh"]' -env "$path") ;;
  web)
    IMG_TAG=$IMAGE_WEB IMG_ROOTFS=rootfs_web IMG_INPUTS=(/bin/busybox "$E2E_DIR/images/nslookup")
    IMG_ARGS=(-cmd '["httpd","-f","-v","-p","80","-h","/usr/share/nginx/html"]' -env "$path"
      -env WEB_SERVER=busybox-httpd -env WEB_ROOT=/usr/share/nginx/html -port 80/tcp) ;;
  coredns)
    IMG_TAG=$IMAGE_COREDNS IMG_ROOTFS=rootfs_coredns IMG_INPUTS=("$BIN_DIR/coredns")
    IMG_ARGS=(-entrypoint '["/coredns"]' -port 53/udp -port 53/tcp -port 9153/tcp) ;;
  *) die "unknown image $1" ;;
  esac
}

# build_image NAME: set IMG_TAR to the image tarball, building it if its inputs changed.
build_image() {
  local name=$1 key tmp
  image_recipe "$name"
  key=$( { echo "$IMG_TAG ${IMG_ARGS[*]}"; declare -f "$IMG_ROOTFS" busybox_rootfs;
    sha "${IMG_INPUTS[@]}" "$BIN_DIR/imgtool"; } | sha256sum | cut -c1-16)
  IMG_TAR=$IMAGE_CACHE/$name-$key.tar
  [[ -f $IMG_TAR ]] && return 0
  log "building image $IMG_TAG"
  tmp=$(mktemp -d)
  mkdir -p "$tmp/rootfs"
  "$IMG_ROOTFS" "$tmp/rootfs"
  "$BIN_DIR/imgtool" -rootfs "$tmp/rootfs" -tag "$IMG_TAG" -o "$IMG_TAR" \
    -label org.opencontainers.image.title="$IMG_TAG" "${IMG_ARGS[@]}" >"$IMG_TAR.id"
  rm -rf "$tmp"
  find "$IMAGE_CACHE" -name "$name-*.tar*" ! -name "$name-$key.tar*" -delete
}

load_images() {
  local name imported present
  mkdir -p "$STATE_DIR/images"
  present=$(ctr images ls -q)
  for name in pause shell web coredns; do
    build_image "$name"
    imported=$STATE_DIR/images/$name
    if [[ -f $imported && $(<"$imported") == "$IMG_TAR" ]] && grep -qxF "$IMG_TAG" <<<"$present"; then
      continue
    fi
    ctr images import "$IMG_TAR" >/dev/null
    echo "$IMG_TAR" >"$imported"
    log "loaded image $IMG_TAG"
  done
}

#!/usr/bin/env bash
# A tiny shell image for smoke tests (Debian's static busybox), imported into a running node.
#   hack/cluster/testbox.sh DIR   -> imports localhost/aispm/testbox:<version> into DIR's containerd, prints the ref
set -euo pipefail
dir=${1:?usage: testbox.sh CLUSTER-DIR}
here=$(cd "$(dirname "$0")" && pwd)
cache=${AISPM_CACHE:-$HOME/.cache/aispm}/testbox
mkdir -p "$cache"
deb=$(ls "$cache"/busybox-static_*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
  (cd "$cache" && apt-get download busybox-static >/dev/null 2>&1) || { apt-get update -qq && (cd "$cache" && apt-get download busybox-static >/dev/null); }
  deb=$(ls "$cache"/busybox-static_*.deb | head -1)
fi
version=$(dpkg-deb -f "$deb" Version | tr -c 'A-Za-z0-9.\n' '-')
ref="localhost/aispm/testbox:$version"
tar="$cache/testbox-$version.tar"
if [ ! -f "$tar" ]; then
  root=$(mktemp -d); trap 'rm -rf "$root"' EXIT
  dpkg -x "$deb" "$root/x"
  mkdir -p "$root/fs/bin" "$root/fs/tmp"
  cp "$root/x/bin/busybox" "$root/fs/bin/busybox"
  for a in sh echo cat sleep ls env wc grep nc; do ln -s busybox "$root/fs/bin/$a"; done
  bash "$here/oci-image.sh" "$root/fs" "$ref" "$tar.tmp" /bin/sh
  mv "$tar.tmp" "$tar"
fi
nodebin=$(cat "$dir/node-bin-dir")
"$nodebin/ctr" --address "$dir/containerd/containerd.sock" -n k8s.io images import "$tar" >/dev/null 2>&1
echo "$ref"

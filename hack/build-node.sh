#!/usr/bin/env bash
# Builds what the local node runs besides the Kubernetes binaries (hack/build-controlplane.sh):
# containerd 2.x (+ shim, ctr) and the CNI plugins from the Go module proxy, and the pause
# image's binary from hack/node/pause. Installs Debian's runc, iptables and conntrack when missing.
# Prints the bin directory on stdout. Cache root: $AISPM_CACHE (default ~/.cache/aispm).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
CONTAINERD_VERSION=v2.4.2
CNI_PLUGINS_VERSION=v1.10.0
cache=${AISPM_CACHE:-$HOME/.cache/aispm}
key=$( (cat "$0" "$here/node/pause/go.mod" "$here/node/pause/main.go") | sha256sum | cut -c1-16)
bin="$cache/node-tools/$key/bin"

need=()
command -v runc >/dev/null 2>&1 || need+=(runc)
command -v iptables >/dev/null 2>&1 || need+=(iptables)
command -v conntrack >/dev/null 2>&1 || need+=(conntrack)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from Debian" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

if [ -f "$bin/.complete" ]; then echo "$bin"; exit 0; fi
tmp=$(mktemp -d "$cache/node-tools/.build-XXXXXX" 2>/dev/null || { mkdir -p "$cache/node-tools"; mktemp -d "$cache/node-tools/.build-XXXXXX"; })
trap 'rm -rf "$tmp"' EXIT
export CGO_ENABLED=0 GOFLAGS="-buildvcs=false"
echo "building containerd ($CONTAINERD_VERSION)" >&2
# btrfs/devmapper/zfs snapshotters need cgo headers; the node uses overlayfs only.
GOBIN="$tmp" go install -trimpath -tags "no_btrfs no_devmapper no_zfs" \
  -ldflags="-s -w -X github.com/containerd/containerd/v2/version.Version=$CONTAINERD_VERSION" \
  "github.com/containerd/containerd/v2/cmd/containerd@$CONTAINERD_VERSION" \
  "github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2@$CONTAINERD_VERSION" \
  "github.com/containerd/containerd/v2/cmd/ctr@$CONTAINERD_VERSION"
echo "building CNI plugins ($CNI_PLUGINS_VERSION)" >&2
mkdir -p "$tmp/cni"
GOBIN="$tmp/cni" go install -trimpath -ldflags="-s -w" \
  "github.com/containernetworking/plugins/plugins/main/bridge@$CNI_PLUGINS_VERSION" \
  "github.com/containernetworking/plugins/plugins/main/loopback@$CNI_PLUGINS_VERSION" \
  "github.com/containernetworking/plugins/plugins/ipam/host-local@$CNI_PLUGINS_VERSION"
echo "building pause" >&2
(cd "$here/node/pause" && go build -trimpath -ldflags="-s -w" -o "$tmp/pause" .)
touch "$tmp/.complete"
mkdir -p "$(dirname "$bin")"
# Another build may have finished first; either result is the same.
mv -T "$tmp" "$bin" 2>/dev/null || true
trap - EXIT
rm -rf "$tmp"
echo "$bin"

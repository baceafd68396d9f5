#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kubectl and etcd from the Go module proxy,
# once per pinned version. Prints the bin directory on stdout.
# Cache root: $AISPM_CACHE (default ~/.cache/aispm).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mod="$here/controlplane"
version=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ {print $2; exit}' "$mod/go.mod")
HELM_VERSION=v3.19.5
cache=${AISPM_CACHE:-$HOME/.cache/aispm}
bin="$cache/controlplane/$version/bin"
stamp="$bin/.complete-$( (cat "$mod/go.mod" "$mod/go.sum"; echo "$HELM_VERSION") | sha256sum | cut -c1-16)"
if [ -f "$stamp" ]; then echo "$bin"; exit 0; fi
mkdir -p "$bin"
cd "$mod"
export CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false"
# -trimpath + no DWARF keeps binaries small; -p 2 matches the machine's cores.
build() { echo "building $2 ($version)" >&2; go build -p 2 -trimpath -ldflags="-s -w" -o "$bin/$2" "$1"; }
build k8s.io/kubernetes/cmd/kube-apiserver kube-apiserver
build go.etcd.io/etcd/server/v3 etcd
build k8s.io/kubernetes/cmd/kubectl kubectl
build k8s.io/kubernetes/cmd/kube-controller-manager kube-controller-manager
# helm has its own module graph, so it is installed at its pinned release rather than through this module.
echo "building helm ($HELM_VERSION)" >&2
GOBIN="$bin" go install -trimpath -ldflags="-s -w" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
rm -f "$bin"/.complete-*
touch "$stamp"
echo "$bin"

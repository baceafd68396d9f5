#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, kubectl, etcd
# and helm from the Go module proxy,
# once per pinned version. Prints the bin directory on stdout.
# Cache root: $AISPM_CACHE (default ~/.cache/aispm).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mod="$here/controlplane"
version=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ {print $2; exit}' "$mod/go.mod")
HELM_VERSION=v3.19.5
cache=${AISPM_CACHE:-$HOME/.cache/aispm}
bin="$cache/controlplane/$version/bin"
etcd_version=$(awk '$1 == "go.etcd.io/etcd/server/v3" && $2 ~ /^v/ {print $2; exit}' "$mod/go.mod")
# The script itself is part of the key: a change to the flags below rebuilds.
stamp="$bin/.complete-$( (cat "$mod/go.mod" "$mod/go.sum" "$0"; echo "$HELM_VERSION") | sha256sum | cut -c1-16)"
if [ -f "$stamp" ]; then echo "$bin"; exit 0; fi
mkdir -p "$bin"
cd "$mod"
export CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false"
# Stamp the real versions as Kubernetes' own build does (hack/lib/version.sh): without them the
# binaries report v0.0.0-master+$Format:%H$, `kubectl version` fails and kubeVersion constraints refuse.
minor=${version#v1.}; minor=${minor%%.*}
kube_ldflags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kube_ldflags+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  kube_ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.gitCommit=module-$version -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
# -trimpath + no DWARF keeps binaries small; -p 2 matches the machine's cores.
build() { echo "building $2 ($3)" >&2; go build -p 2 -trimpath -ldflags="-s -w $4" -o "$bin/$2" "$1"; }
build k8s.io/kubernetes/cmd/kube-apiserver kube-apiserver "$version" "$kube_ldflags"
build go.etcd.io/etcd/server/v3 etcd "$etcd_version" "-X go.etcd.io/etcd/api/v3/version.GitSHA=module-$etcd_version"
build k8s.io/kubernetes/cmd/kubectl kubectl "$version" "$kube_ldflags"
build k8s.io/kubernetes/cmd/kube-controller-manager kube-controller-manager "$version" "$kube_ldflags"
# The node: scheduler, kubelet and kube-proxy (Services route to pods through its iptables rules).
build k8s.io/kubernetes/cmd/kube-scheduler kube-scheduler "$version" "$kube_ldflags"
build k8s.io/kubernetes/cmd/kubelet kubelet "$version" "$kube_ldflags"
build k8s.io/kubernetes/cmd/kube-proxy kube-proxy "$version" "$kube_ldflags"
# helm has its own module graph, so it is installed at its pinned release rather than through this module.
echo "building helm ($HELM_VERSION)" >&2
GOBIN="$bin" go install -trimpath -ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
rm -f "$bin"/.complete-*
touch "$stamp"
echo "$bin"

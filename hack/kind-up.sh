#!/usr/bin/env bash
# For users with Docker: the same chart and images on a kind cluster instead of the local node.
#   hack/kind-up.sh [CLUSTER-NAME]     (needs docker, kind, helm, kubectl on PATH)
# Not run by CI (no Docker engine there); the local path (npm start) installs the same chart.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
name=${1:-aispm}
tag=$( (cd "$root" && git rev-parse --short HEAD 2>/dev/null) || echo dev)
kind get clusters | grep -qx "$name" || kind create cluster --name "$name"
for image in operator gateway; do
  docker build -f "$root/images/$image.Dockerfile" -t "localhost/aispm/$image:$tag" "$root"
  kind load docker-image --name "$name" "localhost/aispm/$image:$tag"
done
helm upgrade --install aispm "$root/charts/aispm" --kube-context "kind-$name" -n aispm-system --create-namespace \
  --set image.repository=localhost/aispm/operator --set-string image.tag="$tag" --set image.pullPolicy=Never --wait
kubectl --context "kind-$name" apply -n default -f "$root/config/samples"
kubectl --context "kind-$name" get aiassets -A

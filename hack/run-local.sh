#!/usr/bin/env bash
# The main job: a real single-node cluster on this machine, aispm's images built without a Docker
# daemon and imported into the node, the Helm chart installed (operator running in the cluster as
# leader-elected pods), the samples applied, then the inventory as kubectl shows it.
#   hack/run-local.sh          start (keeps the cluster running)
#   hack/run-local.sh --once   start, print, stop everything
#   hack/run-local.sh stop     stop a running local setup
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state="$root/.aispm"
cluster="$state/cluster"
ns=aispm-system

stop() { bash "$root/hack/controlplane.sh" stop "$cluster"; }

if [ "${1:-}" = "stop" ]; then stop; echo "stopped"; exit 0; fi
mkdir -p "$state"

echo "==> building and starting the cluster: control plane + node (first build takes ~10 min)"
kubeconfig=$(bash "$root/hack/controlplane.sh" start "$cluster")
bin=$(cat "$cluster/bin-dir")
k() { "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }
k get nodes

echo "==> building the aispm images (content-addressed; unchanged sources are reused)"
mapfile -t refs < <(CTR="$(cat "$cluster/node-bin-dir")/ctr" bash "$root/hack/images.sh" import "$cluster/containerd/containerd.sock")
operator_ref=$(printf '%s\n' "${refs[@]}" | grep '/operator:')

echo "==> installing the Helm chart into $ns (image $operator_ref)"
"$bin/helm" upgrade --install aispm "$root/charts/aispm" --kubeconfig "$kubeconfig" -n "$ns" --create-namespace \
  --set image.repository="${operator_ref%:*}" --set-string image.tag="${operator_ref##*:}" --set image.pullPolicy=Never \
  --wait --timeout 5m >/dev/null
k get pods -n "$ns" -o wide

echo "==> applying config/samples into namespace aispm-demo"
k create namespace aispm-demo --dry-run=client -o yaml | k apply -f - >/dev/null
k apply -n aispm-demo -f "$root/config/samples" >/dev/null
k wait -n aispm-demo --for=condition=Ready aiassets --all --timeout=120s >/dev/null

echo "==> kubectl get aiassets -A"
k get aiassets -A

if [ "${1:-}" = "--once" ]; then stop; exit 0; fi
cat <<MSG

The cluster keeps running, with the operator in it. Try:
  export KUBECONFIG=$kubeconfig PATH=$bin:\$PATH
  kubectl get nodes; kubectl get pods -n $ns; kubectl logs -n $ns deploy/aispm-operator
  kubectl describe aiasset -n aispm-demo policy-qa-rag
Stop everything with: npm start -- stop   (or hack/run-local.sh stop)
MSG

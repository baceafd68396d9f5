#!/usr/bin/env bash
# The main job for now: a real local control plane, the CRDs, the operator, the samples,
# then the inventory as kubectl shows it.
#   hack/run-local.sh          start (keeps the cluster and operator running)
#   hack/run-local.sh --once   start, print, stop everything
#   hack/run-local.sh stop     stop a running local setup
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
PATH="$(bash "$root/hack/node24.sh"):$PATH" # Node 24 LTS (pinned, cached) runs the operator
state="$root/.aispm"
cluster="$state/cluster"

stop() {
  if [ -f "$state/operator.pid" ]; then kill -TERM "$(cat "$state/operator.pid")" 2>/dev/null || true; rm -f "$state/operator.pid"; fi
  bash "$root/hack/controlplane.sh" stop "$cluster"
}

if [ "${1:-}" = "stop" ]; then stop; echo "stopped"; exit 0; fi
mkdir -p "$state"
[ -f "$state/operator.pid" ] && stop

echo "==> building and starting the control plane (first build takes ~10 min)"
kubeconfig=$(bash "$root/hack/controlplane.sh" start "$cluster")
bin=$(cat "$cluster/bin-dir")
k() { "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }

echo "==> installing CRDs"
k apply --server-side -f "$root/crds" >/dev/null
k wait --for=condition=Established crd --all --timeout=60s >/dev/null

echo "==> starting the operator (log: $state/operator.log)"
cd "$root"
KUBECONFIG="$kubeconfig" AISPM_HEALTH_ADDR=127.0.0.1:0 nohup node --import tsx operator/src/main.ts >"$state/operator.log" 2>&1 &
echo $! > "$state/operator.pid"

echo "==> applying config/samples into namespace aispm-demo"
k create namespace aispm-demo --dry-run=client -o yaml | k apply -f - >/dev/null
k apply -n aispm-demo -f "$root/config/samples" >/dev/null
k wait -n aispm-demo --for=condition=Ready aiassets --all --timeout=120s >/dev/null

echo "==> kubectl get aiassets -A"
k get aiassets -A

if [ "${1:-}" = "--once" ]; then stop; exit 0; fi
cat <<MSG

The control plane and operator keep running. Try:
  export KUBECONFIG=$kubeconfig
  $bin/kubectl describe aiasset -n aispm-demo policy-qa-rag
Stop everything with: npm start -- stop   (or hack/run-local.sh stop)
MSG

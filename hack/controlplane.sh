#!/usr/bin/env bash
# Starts or stops a real single-node local cluster: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, and a node (containerd + runc, kubelet, kube-proxy, a CNI bridge confined to
# this machine) with a generated CA, certificates and kubeconfig.
#   hack/controlplane.sh start DIR   -> prints DIR/kubeconfig once the node is Ready
#   hack/controlplane.sh stop DIR    -> stops everything started in DIR, removes what it made, removes DIR
# Binaries come from hack/build-controlplane.sh and hack/build-node.sh (built once, cached).
# One node per machine: the bridge, cgroup root and iptables rules have fixed names.
set -euo pipefail
cmd=${1:?usage: controlplane.sh start|stop DIR}
dir=${2:?usage: controlplane.sh start|stop DIR}
dir=$(mkdir -p "$dir" && cd "$dir" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=cluster/pki.sh
source "$here/cluster/pki.sh"
# shellcheck source=cluster/node.sh
source "$here/cluster/node.sh"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

stop_pid() {
  local f="$dir/$1.pid" pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$f"
}

stop() {
  [ -d "$dir" ] || return 0
  local bin nodebin
  bin=$(cat "$dir/bin-dir" 2>/dev/null || true)
  nodebin=$(cat "$dir/node-bin-dir" 2>/dev/null || true)
  for name in kube-proxy kubelet; do stop_pid "$name"; done
  [ -n "$nodebin" ] && node_teardown
  for name in kube-scheduler kube-controller-manager kube-apiserver etcd; do stop_pid "$name"; done
  rm -rf "$dir"
}

wait_apiserver() {
  local pki="$dir/pki"
  for _ in $(seq 1 600); do
    curl -fsS --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "https://$HOST_IP:$api_port/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$dir/kube-apiserver.pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "kube-apiserver did not become ready; last log lines:" >&2; tail -20 "$dir/kube-apiserver.log" >&2; return 1
}

start_control_plane() {
  local etcd_port peer_port
  etcd_port=$(free_port); peer_port=$(free_port); api_port=$(free_port)
  mkdir -p "$dir/etcd-data"
  "$bin/etcd" --name aispm --data-dir "$dir/etcd-data" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "aispm=http://127.0.0.1:$peer_port" --unsafe-no-fsync --log-level error \
    >"$dir/etcd.log" 2>&1 &
  echo $! > "$dir/etcd.pid"
  # Served on the bridge address so pods reach it through the kubernetes Service; the host does too.
  "$bin/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address "$HOST_IP" --advertise-address "$HOST_IP" --secure-port "$api_port" \
    --cert-dir "$dir/pki" --tls-cert-file "$dir/pki/apiserver.crt" --tls-private-key-file "$dir/pki/apiserver.key" \
    --client-ca-file "$dir/pki/ca.crt" --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --kubelet-client-certificate "$dir/pki/apiserver-kubelet-client.crt" --kubelet-client-key "$dir/pki/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$dir/pki/ca.crt" --kubelet-preferred-address-types InternalIP \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$dir/pki/sa.pub" \
    --service-account-signing-key-file "$dir/pki/sa.key" --service-cluster-ip-range "$SERVICE_CIDR" \
    --allow-privileged=true \
    >"$dir/kube-apiserver.log" 2>&1 &
  echo $! > "$dir/kube-apiserver.pid"
  write_kubeconfig "$dir/kubeconfig" "https://$HOST_IP:$api_port" admin
  wait_apiserver
  # Garbage collection (owner references), namespace deletion, Jobs, ReplicaSets, service accounts.
  "$bin/kube-controller-manager" --kubeconfig "$dir/kubeconfig" --bind-address 127.0.0.1 --secure-port 0 \
    --leader-elect=false --service-account-private-key-file "$dir/pki/sa.key" --root-ca-file "$dir/pki/ca.crt" \
    --use-service-account-credentials --controllers '*,-serviceaccount-token-controller' \
    >"$dir/kube-controller-manager.log" 2>&1 &
  echo $! > "$dir/kube-controller-manager.pid"
  "$bin/kube-scheduler" --kubeconfig "$dir/kubeconfig" --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false \
    >"$dir/kube-scheduler.log" 2>&1 &
  echo $! > "$dir/kube-scheduler.pid"
}

start() {
  bin=$("$here/build-controlplane.sh")
  nodebin=$("$here/build-node.sh")
  stop
  mkdir -p "$dir"
  echo "$bin" > "$dir/bin-dir"
  echo "$nodebin" > "$dir/node-bin-dir"
  # From here on a failure tears down whatever was started.
  trap 'status=$?; [ $status -eq 0 ] || stop; exit $status' EXIT
  network_up
  gen_pki
  start_control_plane
  make_cgroup_root
  start_containerd
  import_pause
  start_kubelet "$(free_port)"
  start_kube_proxy
  wait_node_ready
  trap - EXIT
  echo "$dir/kubeconfig"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Starts or stops a real local control plane (etcd + kube-apiserver + kube-controller-manager)
# on 127.0.0.1 with a generated CA, serving cert, admin client cert and kubeconfig.
#   hack/controlplane.sh start DIR   -> prints DIR/kubeconfig once /readyz answers ok
#   hack/controlplane.sh stop DIR    -> stops the processes started in DIR and removes DIR
# Binaries come from hack/build-controlplane.sh (built once, cached by version).
set -euo pipefail
cmd=${1:?usage: controlplane.sh start|stop DIR}
dir=${2:?usage: controlplane.sh start|stop DIR}
here=$(cd "$(dirname "$0")" && pwd)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

stop() {
  [ -d "$dir" ] || return 0
  for name in kube-controller-manager kube-apiserver etcd; do
    f="$dir/$name.pid"
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$f"
  done
  rm -rf "$dir"
}

gen_pki() {
  local pki="$dir/pki"
  mkdir -p "$pki"
  cd "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 365 -subj "/CN=aispm-local-ca" 2>/dev/null
  # Serving cert valid for every name a client on this machine uses.
  cat > apiserver.ext <<EXT
subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc
extendedKeyUsage=serverAuth
EXT
  openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 365 -extfile apiserver.ext 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\n' > client.ext
  openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=aispm-admin" 2>/dev/null
  openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out admin.crt -days 365 -extfile client.ext 2>/dev/null
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  cd - >/dev/null
}

write_kubeconfig() {
  local port=$1 pki="$dir/pki"
  cat > "$dir/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: aispm-local
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $(base64 -w0 "$pki/ca.crt")
users:
- name: aispm-admin
  user:
    client-certificate-data: $(base64 -w0 "$pki/admin.crt")
    client-key-data: $(base64 -w0 "$pki/admin.key")
contexts:
- name: aispm-local
  context: {cluster: aispm-local, user: aispm-admin}
current-context: aispm-local
KC
}

start() {
  local bin etcd_port peer_port api_port
  bin=$("$here/build-controlplane.sh")
  stop
  mkdir -p "$dir/etcd-data"
  gen_pki
  etcd_port=$(free_port); peer_port=$(free_port); api_port=$(free_port)
  "$bin/etcd" --name aispm --data-dir "$dir/etcd-data" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "aispm=http://127.0.0.1:$peer_port" --unsafe-no-fsync --log-level error \
    >"$dir/etcd.log" 2>&1 &
  echo $! > "$dir/etcd.pid"
  "$bin/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --cert-dir "$dir/pki" --tls-cert-file "$dir/pki/apiserver.crt" --tls-private-key-file "$dir/pki/apiserver.key" \
    --client-ca-file "$dir/pki/ca.crt" --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$dir/pki/sa.pub" \
    --service-account-signing-key-file "$dir/pki/sa.key" --service-cluster-ip-range 10.0.0.0/24 \
    --disable-admission-plugins ServiceAccount --allow-privileged=true \
    >"$dir/kube-apiserver.log" 2>&1 &
  echo $! > "$dir/kube-apiserver.pid"
  write_kubeconfig "$api_port"
  local pki="$dir/pki" ok=0
  for _ in $(seq 1 600); do
    if curl -fsS --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "https://127.0.0.1:$api_port/readyz" >/dev/null 2>&1; then ok=1; break; fi
    kill -0 "$(cat "$dir/kube-apiserver.pid")" 2>/dev/null || break
    sleep 0.1
  done
  if [ $ok -ne 1 ]; then echo "kube-apiserver did not become ready; last log lines:" >&2; tail -20 "$dir/kube-apiserver.log" >&2; exit 1; fi
  # The controller manager runs garbage collection (owner references) and namespace deletion.
  "$bin/kube-controller-manager" --kubeconfig "$dir/kubeconfig" --bind-address 127.0.0.1 --secure-port 0 \
    --leader-elect=false --service-account-private-key-file "$dir/pki/sa.key" --root-ca-file "$dir/pki/ca.crt" \
    --controllers '*,-serviceaccount-token-controller' \
    >"$dir/kube-controller-manager.log" 2>&1 &
  echo $! > "$dir/kube-controller-manager.pid"
  echo "$bin" > "$dir/bin-dir"
  echo "$dir/kubeconfig"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac

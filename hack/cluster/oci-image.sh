#!/usr/bin/env bash
# Assembles a one-layer OCI image archive from a root filesystem directory, for `ctr images import`.
#   oci-image.sh ROOTFS NAME:TAG OUT.tar [ENTRYPOINT...]   (reproducible: sorted entries, zero mtimes)
set -euo pipefail
rootfs=$1 ref=$2 out=$3; shift 3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/blobs/sha256"
blob() { local d; d=$(sha256sum "$1" | cut -d' ' -f1); mv "$1" "$work/blobs/sha256/$d"; echo "$d"; }
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" -cf "$work/layer.tar" .
diffid=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
gzip -n "$work/layer.tar"
lsize=$(stat -c %s "$work/layer.tar.gz"); ldig=$(blob "$work/layer.tar.gz")
ep=$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$@")
printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":%s,"User":"65532:65532"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$ep" "$diffid" > "$work/config.json"
csize=$(stat -c %s "$work/config.json"); cdig=$(blob "$work/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' "$cdig" "$csize" "$ldig" "$lsize" > "$work/manifest.json"
msize=$(stat -c %s "$work/manifest.json"); mdig=$(blob "$work/manifest.json")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' "$mdig" "$msize" "$ref" "${ref##*:}" > "$work/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' > "$work/oci-layout"
tar --sort=name --mtime=@0 --owner=0 --group=0 -C "$work" -cf "$out" oci-layout index.json blobs

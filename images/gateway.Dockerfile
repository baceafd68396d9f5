# aispm gateway sidecar image: `aispm gateway`, configured by the pod's args and environment.
#   docker build -f images/gateway.Dockerfile -t aispm/gateway .
# hack/images.sh builds this same file with buildah on locally assembled bases (see images/README.md).
ARG BUILD_IMAGE=docker.io/library/node:24.22.3-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs24-debian12:nonroot

# ---- production node_modules (identical in operator.Dockerfile, so the layer cache shares it) ----
FROM ${BUILD_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY api/package.json api/
COPY cli/package.json cli/
COPY gateway-sidecar/package.json gateway-sidecar/
# Set to 1 to compile re2 without first trying its prebuilt download (hack/images.sh does).
ARG DEVELOPMENT_SKIP_GETTING_ASSET
# Optional build secrets: `npmrc` (registry, auth) and `npm-ca` (extra CA bundle for the registry);
# they are mounted for this step only and never stored in a layer. After the install: re2's addon is
# checked and stripped and its sources and objects dropped (~105 MB), and so are type declarations
# and source maps (~50 MB), which nothing reads at run time.
RUN --mount=type=secret,id=npmrc --mount=type=secret,id=npm-ca \
    set -eu; \
    if [ -s /run/secrets/npmrc ]; then export NPM_CONFIG_USERCONFIG=/run/secrets/npmrc; fi; \
    if [ -s /run/secrets/npm-ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm-ca NPM_CONFIG_CAFILE=/run/secrets/npm-ca; fi; \
    npm ci --omit=dev --no-audit --no-fund --loglevel=warn; \
    rm -rf node_modules/re2/vendor node_modules/re2/build/Release/obj.target node_modules/re2/build/Release/.deps \
           node_modules/re2/build/Makefile node_modules/re2/build/*.mk; \
    if command -v strip >/dev/null; then strip --strip-unneeded node_modules/re2/build/Release/re2.node; fi; \
    find node_modules -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' \) -delete; \
    node -e 'new (require("re2"))("a+").test("aa") || process.exit(1)'

# ---- runtime: no shell, no npm, no compiler; uid 65532; read-only root filesystem friendly ----
FROM ${RUNTIME_IMAGE}
WORKDIR /app
# TSX_DISABLE_CACHE: tsx transpiles in memory instead of caching under $TMPDIR.
ENV NODE_ENV=production \
    TSX_DISABLE_CACHE=1 \
    PATH=/nodejs/bin:/usr/local/bin:/usr/bin:/bin
USER 65532:65532
# node_modules before anything that differs between the two images: both share this layer.
COPY --from=deps /app/node_modules node_modules
LABEL org.opencontainers.image.title="aispm-gateway" \
      org.opencontainers.image.description="aispm gateway sidecar (policy-enforcing OpenAI/Anthropic-compatible proxy)"
ENTRYPOINT ["node", "/app/cli/bin/aispm.js", "gateway"]
# Sources last: a changed source file rebuilds only these small layers (files stay root-owned).
COPY package.json tsconfig.json ./
COPY api api
COPY gateway-sidecar gateway-sidecar
COPY cli cli

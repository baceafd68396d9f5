import Fastify, { type FastifyInstance } from "fastify";
import type { GatewayContext } from "./context.js";

/** Liveness, readiness (a valid policy or explicit fail-open, and not draining) and Prometheus metrics. */
export function registerHealth(app: FastifyInstance, ctx: GatewayContext): void {
  app.get("/healthz", (_req, reply) => reply.send({ status: "ok" }));

  app.get("/readyz", async (_req, reply) => {
    const active = ctx.policies.current();
    const policy = active === null ? null : { version: active.version, keyId: active.keyId, digest: active.digest };
    if (ctx.drain.draining) return reply.code(503).send({ ready: false, code: "GW_ERR_SHUTTING_DOWN", policy });
    if (active === null && !ctx.config.failOpen && !ctx.policies.expiredFailOpen) {
      return reply.code(503).send({ ready: false, code: "GW_ERR_NO_POLICY", lastError: ctx.policies.lastError?.code ?? null, policy });
    }
    return { ready: true, failOpen: active === null, policy };
  });

  app.get("/metrics", async (_req, reply) => {
    const body = await ctx.metrics.registry.metrics();
    return reply.header("content-type", ctx.metrics.registry.contentType).send(body);
  });
}

/**
 * The listener kubelet probes and Prometheus scrape over the pod IP. It serves only these three
 * read-only routes, so it can bind every interface while the unauthenticated proxy stays on loopback.
 */
export function buildHealthApp(ctx: GatewayContext): FastifyInstance {
  const app = Fastify({
    bodyLimit: 1024,
    requestTimeout: ctx.config.clientRequestTimeoutMs,
    http: { headersTimeout: ctx.config.clientHeadersTimeoutMs, connectionsCheckingInterval: ctx.config.clientTimeoutCheckMs },
    forceCloseConnections: true,
  });
  app.setNotFoundHandler((_req, reply) =>
    reply.code(404).send({ error: { type: "invalid_request_error", code: "GW_ERR_NOT_FOUND", message: "no such route", detectors: [] } }),
  );
  registerHealth(app, ctx);
  return app;
}

import type { FastifyInstance } from "fastify";
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

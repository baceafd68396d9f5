import type { FastifyReply, FastifyRequest } from "fastify";
import { errorBody, toGatewayError, type GatewayError } from "../errors.js";
import type { Dialect } from "../dialects/common/types.js";
import type { GatewayContext } from "./context.js";
import { preflight, type Plan } from "./preflight.js";
import { relayJson } from "./relay-json.js";
import { relayStream } from "./relay-stream.js";

/** Raw request bytes by request, kept so an unmodified body is forwarded byte for byte. */
export const rawBodies = new WeakMap<FastifyRequest, Buffer>();

export async function sendError(ctx: GatewayContext, reply: FastifyReply, route: string, err: GatewayError): Promise<void> {
  ctx.audit.refusal(reply.request.id, route, err.code, err.detectors);
  if (reply.sent) return;
  if (err.retryAfterSec !== undefined) void reply.header("retry-after", String(err.retryAfterSec));
  await reply.code(err.status).header("content-type", "application/json").send(errorBody(err));
}

function isEventStream(contentType: string | string[] | undefined): boolean {
  const v = Array.isArray(contentType) ? contentType[0] : contentType;
  return v?.toLowerCase().startsWith("text/event-stream") === true;
}

async function exchange(ctx: GatewayContext, plan: Plan, reply: FastifyReply, signal: AbortSignal): Promise<number> {
  const t0 = performance.now();
  let outcome = "error";
  try {
    const res = await ctx.upstream.send({
      url: plan.url,
      headers: plan.headers,
      body: plan.outgoing,
      timeouts: ctx.config.timeouts,
      signal,
    });
    outcome = `${Math.floor(res.status / 100)}xx`;
    if (plan.stream && res.status >= 200 && res.status < 300 && isEventStream(res.headers["content-type"])) {
      const failure = await relayStream(ctx, plan, res, reply);
      if (failure !== null) {
        outcome = failure.code;
        ctx.audit.refusal(plan.requestId, plan.dialect.path, failure.code, failure.detectors);
      }
      return res.status;
    }
    return await relayJson(ctx, plan, res, reply);
  } catch (err) {
    outcome = toGatewayError(err).code;
    throw err;
  } finally {
    ctx.metrics.upstreamSeconds.observe({ provider: plan.target.provider, outcome }, (performance.now() - t0) / 1000);
  }
}

/** One proxied request: admit, plan, exchange; the reservation is released on any failure. */
export function proxyHandler(ctx: GatewayContext, dialect: Dialect) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    let status = 500;
    let ac: AbortController | null = null;
    let plan: Plan | null = null;
    ctx.metrics.inflight.inc();
    try {
      ac = ctx.drain.enter();
      const controller = ac;
      // Client gone before we finished: stop the upstream exchange too.
      reply.raw.on("close", () => {
        if (!reply.raw.writableFinished) controller.abort();
      });
      plan = preflight(ctx, dialect, {
        requestId: request.id,
        headers: request.headers,
        body: request.body,
        rawBody: rawBodies.get(request),
        search: new URL(request.url, "http://gateway.local").search,
      });
      status = await exchange(ctx, plan, reply, controller.signal);
    } catch (err) {
      const gerr = toGatewayError(err);
      if (gerr.code === "GW_ERR_INTERNAL")
        ctx.logger.error({ event: "gateway.internal_error", requestId: request.id, err: String(err) }, "internal error");
      status = gerr.status;
      await sendError(ctx, reply, dialect.path, gerr);
    } finally {
      if (plan?.reservation) ctx.state.budgets.release(plan.reservation);
      if (ac !== null) ctx.drain.leave(ac);
      ctx.metrics.inflight.dec();
      ctx.metrics.requests.inc({ route: dialect.path, status: String(status) });
    }
  };
}

import { isUtf8 } from "node:buffer";
import type { FastifyReply, FastifyRequest } from "fastify";
import { errorBody, GatewayError, toGatewayError } from "../errors.js";
import type { Dialect } from "../dialects/common/types.js";
import { findStructureProblem } from "../dialects/common/duplicate-keys.js";
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

/** Deeper than any real request; refusing it keeps every later step (and the provider) off pathological input. */
const MAX_JSON_DEPTH = 512;

/**
 * One structural pass over the raw bytes: exact duplicate keys (JSON.parse silently keeps the last,
 * a provider may read the first) and absurd nesting are refused with 400 naming the path. Bytes
 * that are not valid UTF-8 are not forwarded as they are (the provider could decode them
 * differently from what we scanned): returning undefined makes preflight re-serialize the body.
 * Forwarding the original bytes of an unchanged body is only sound because duplicates are refused
 * here: then the parsed object that was scanned and the bytes mean the same thing to any parser.
 */
function checkedRawBody(raw: Buffer | undefined): Buffer | undefined {
  if (raw === undefined) return undefined;
  const problem = findStructureProblem(raw, MAX_JSON_DEPTH);
  if (problem?.kind === "duplicate") throw new GatewayError("GW_ERR_BAD_REQUEST", `duplicate JSON key at ${problem.path}`);
  if (problem?.kind === "depth") {
    throw new GatewayError("GW_ERR_BAD_REQUEST", `JSON nested deeper than ${MAX_JSON_DEPTH} levels at ${problem.path.slice(0, 200)}`);
  }
  return isUtf8(raw) ? raw : undefined;
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
      plan = await preflight(ctx, dialect, {
        requestId: request.id,
        headers: request.headers,
        body: request.body,
        rawBody: checkedRawBody(rawBodies.get(request)),
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

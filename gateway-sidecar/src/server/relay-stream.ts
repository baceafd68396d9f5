import { once } from "node:events";
import type { ServerResponse } from "node:http";
import type { FastifyReply } from "fastify";
import { errorBody, toGatewayError, type GatewayError } from "../errors.js";
import { estimateTokens } from "../limits/pricing.js";
import { StreamSession } from "../enforce/stream-session.js";
import type { GatewayContext } from "./context.js";
import type { Plan } from "./preflight.js";
import { SseParser, serializeSse, type SseEvent } from "../codec/sse.js";
import type { UpstreamResponse } from "./upstream.js";
import { responseHeaders } from "./upstream-target.js";

/** Writes with back-pressure; gives up quietly when the client is gone. */
async function write(raw: ServerResponse, events: readonly SseEvent[]): Promise<void> {
  if (events.length === 0 || raw.destroyed || raw.writableEnded) return;
  const text = events.map(serializeSse).join("");
  if (raw.write(text)) return;
  await Promise.race([once(raw, "drain"), once(raw, "close")]);
}

function settle(ctx: GatewayContext, plan: Plan, session: StreamSession): void {
  if (plan.reservation === null) return;
  ctx.state.budgets.settle(plan.reservation, {
    inputTokens: session.reported.inputTokens ?? plan.promptTokens,
    outputTokens: session.reported.outputTokens ?? estimateTokens(session.outputChars),
  });
}

function newSession(ctx: GatewayContext, plan: Plan): StreamSession {
  const active = plan.active;
  const scan = active !== null && active.policy.dlp?.scanResponses !== false;
  return new StreamSession({
    filter: scan ? active.filter : null,
    allowedTools: active?.allowedTools ?? null,
    onFindings: (findings) => {
      ctx.audit.decision({
        requestId: plan.requestId,
        route: plan.dialect.path,
        provider: plan.target.provider,
        agent: plan.agent,
        stage: "stream",
        decision: findings.some((f) => f.action === "redact") ? "redact" : findings.some((f) => f.action === "block") ? "block" : "log",
        findings,
      });
    },
  });
}

/**
 * Streamed exchange: upstream SSE is parsed event by event, each event goes through the dialect's
 * adapter (hold-back DLP, tool checks, usage) and what it releases is written to the client.
 * A refusal mid-stream ends the stream with the dialect's error event carrying the GW_ERR code.
 */
export async function relayStream(
  ctx: GatewayContext,
  plan: Plan,
  res: UpstreamResponse,
  reply: FastifyReply,
): Promise<GatewayError | null> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(res.status, { ...responseHeaders(res.headers), "cache-control": "no-cache", "x-accel-buffering": "no" });
  raw.flushHeaders();
  const session = newSession(ctx, plan);
  const adapter = plan.dialect.streamAdapter(session, plan.streamOptions);
  const parser = new SseParser();
  let failure: GatewayError | null = null;
  let filterMs = 0;
  // Only time spent enforcing counts as filter latency, not time spent waiting on either side.
  const timed = (fn: () => SseEvent[]): SseEvent[] => {
    const t = performance.now();
    try {
      return fn();
    } finally {
      filterMs += performance.now() - t;
    }
  };
  try {
    for await (const chunk of res.body) {
      for (const ev of parser.push(chunk))
        await write(
          raw,
          timed(() => adapter.onEvent(ev)),
        );
    }
    for (const ev of parser.end())
      await write(
        raw,
        timed(() => adapter.onEvent(ev)),
      );
    await write(
      raw,
      timed(() => adapter.onEnd()),
    );
  } catch (err) {
    failure = toGatewayError(err);
    res.close();
    await write(raw, [plan.dialect.errorEvent(errorBody(failure))]);
  } finally {
    ctx.metrics.filterSeconds.observe({ stage: "stream" }, filterMs / 1000);
    settle(ctx, plan, session);
    if (!raw.writableEnded) raw.end();
  }
  return failure;
}

import type { FastifyReply } from "fastify";
import { GatewayError } from "../errors.js";
import { estimateTokens } from "../limits/pricing.js";
import { isRecord, type JsonRecord, type TextSlot } from "../dialects/common/json.js";
import { dropLogprobs, responseContentSlots } from "../dialects/common/content.js";
import { checkResponseTools } from "../enforce/tool-allowlist.js";
import type { GatewayContext } from "./context.js";
import { inspectSlots } from "../enforce/inspect.js";
import type { Plan } from "./preflight.js";
import type { UpstreamResponse } from "./upstream.js";
import { responseHeaders } from "./upstream-target.js";

export async function readAll(body: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw new GatewayError("GW_ERR_UPSTREAM_PROTOCOL", `upstream response exceeds ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseAny(buf: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(buf.toString("utf8")) as unknown };
  } catch {
    return { ok: false };
  }
}

function parseJson(buf: Buffer): JsonRecord | null {
  const parsed = parseAny(buf);
  return parsed.ok && isRecord(parsed.value) ? parsed.value : null;
}

/** Settles the reservation from reported usage, else from what we can see (prompt estimate + output chars / 4). */
function settle(ctx: GatewayContext, plan: Plan, json: JsonRecord): void {
  if (plan.reservation === null) return;
  const reported = plan.dialect.responseUsage(json);
  const outputChars = plan.dialect.responseSlots(json).reduce((n, s) => n + s.text.length, 0);
  ctx.state.budgets.settle(plan.reservation, reported ?? { inputTokens: plan.promptTokens, outputTokens: estimateTokens(outputChars) });
}

/** Response DLP over `slots` (every content string of the body); returns true when something was redacted. */
function scan(ctx: GatewayContext, plan: Plan, slots: TextSlot[]): boolean {
  const active = plan.active;
  if (active === null || active.policy.dlp?.scanResponses === false) return false;
  const t0 = performance.now();
  const inspection = inspectSlots(active.filter, slots, "response");
  ctx.metrics.filterSeconds.observe({ stage: "response" }, (performance.now() - t0) / 1000);
  ctx.audit.decision({
    requestId: plan.requestId,
    route: plan.dialect.path,
    provider: plan.target.provider,
    agent: plan.agent,
    stage: "response",
    decision: inspection.decision,
    findings: inspection.findings,
    code: inspection.block === null ? undefined : "GW_ERR_RESPONSE_BLOCKED",
  });
  if (inspection.block !== null) {
    throw new GatewayError("GW_ERR_RESPONSE_BLOCKED", "model output matched a blocking detector", {
      detectors: inspection.block.detectors,
    });
  }
  return inspection.redactedSlots > 0;
}

/** Tool checks and DLP on a 2xx body; a redaction also empties logprobs (they would rebuild the text). */
function enforce(ctx: GatewayContext, plan: Plan, json: JsonRecord): boolean {
  if (plan.active === null) return false;
  checkResponseTools(plan.dialect.responseTools(json), plan.active.allowedTools);
  const redacted = scan(ctx, plan, responseContentSlots(plan.dialect, json));
  if (redacted) dropLogprobs(json);
  return redacted;
}

/**
 * Error bodies (any non-2xx) can echo prompt data or carry secrets of their own: JSON ones are
 * walked like any response, anything else is scanned as one text. Returns the body to send.
 */
function scanErrorBody(ctx: GatewayContext, plan: Plan, buf: Buffer): Buffer {
  const parsed = parseAny(buf);
  if (parsed.ok) {
    const holder = { body: parsed.value };
    const redacted = scan(ctx, plan, responseContentSlots(plan.dialect, holder.body).concat(scalarSlot(holder)));
    return redacted ? Buffer.from(JSON.stringify(holder.body)) : buf;
  }
  const holder = { body: buf.toString("utf8") };
  return scan(ctx, plan, scalarSlot(holder)) ? Buffer.from(holder.body, "utf8") : buf;
}

/** A top-level string body (JSON string or plain text) as one slot. */
function scalarSlot(holder: { body: unknown }): TextSlot[] {
  const text = holder.body;
  return typeof text === "string" && text.length > 0 ? [{ text, role: "output", set: (v) => (holder.body = v) }] : [];
}

/**
 * Non-streamed exchange: buffer (bounded), settle usage, enforce, forward. Upstream errors free the
 * reservation and are scanned like any other output (they can echo prompt data or carry secrets).
 */
export async function relayJson(ctx: GatewayContext, plan: Plan, res: UpstreamResponse, reply: FastifyReply): Promise<number> {
  const buf = await readAll(res.body, ctx.config.responseLimitBytes);
  const headers = responseHeaders(res.headers);
  if (res.status < 200 || res.status >= 300) {
    if (plan.reservation !== null) ctx.state.budgets.release(plan.reservation);
    const out = scanErrorBody(ctx, plan, buf);
    await reply.code(res.status).headers(headers).send(out);
    return res.status;
  }
  const json = parseJson(buf);
  if (json === null) {
    if (plan.reservation !== null) ctx.state.budgets.settle(plan.reservation, { inputTokens: plan.promptTokens, outputTokens: 0 });
    // Without a policy (fail-open) there is nothing to enforce; with one, unscannable output is not passed on.
    if (plan.active !== null) throw new GatewayError("GW_ERR_UPSTREAM_PROTOCOL", "upstream returned a body that is not a JSON object");
    await reply.code(res.status).headers(headers).send(buf);
    return res.status;
  }
  settle(ctx, plan, json);
  const redacted = enforce(ctx, plan, json);
  const out = redacted ? Buffer.from(JSON.stringify(json)) : buf;
  await reply.code(res.status).headers(headers).header("content-type", "application/json").send(out);
  return res.status;
}

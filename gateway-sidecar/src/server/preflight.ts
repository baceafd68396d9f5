import type { IncomingHttpHeaders } from "node:http";
import { GatewayError } from "../errors.js";
import type { Reservation } from "../limits/budget-store.js";
import { NO_DECLARED_AGENTS, rateLimitIdentity } from "../limits/identity.js";
import { checkOutputLimits } from "../limits/output-limits.js";
import { estimateTokens } from "../limits/pricing.js";
import { keyedLabel } from "../obs/logger.js";
import type { ActivePolicy } from "../policy/manager.js";
import { isRecord, type JsonRecord } from "../dialects/common/json.js";
import type { Dialect, StreamOptions } from "../dialects/common/types.js";
import { decideRequestTools, toolBlockError } from "../enforce/tool-allowlist.js";
import type { GatewayContext } from "./context.js";
import { inspectSlotsAsync } from "../enforce/inspect.js";
import { requestContentSlots } from "../dialects/common/content.js";
import { enforceTransport } from "./transport-check.js";
import { forwardHeaders, resolveTarget, upstreamUrl, UPSTREAM_HEADER, type Target } from "./upstream-target.js";

export interface IncomingCall {
  requestId: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  rawBody: Buffer | undefined;
  search: string;
}

/** Everything decided before the upstream is called. */
export interface Plan {
  requestId: string;
  dialect: Dialect;
  active: ActivePolicy | null;
  target: Target;
  url: URL;
  agent: string;
  body: JsonRecord;
  outgoing: Buffer;
  headers: Record<string, string | string[] | number>;
  stream: boolean;
  streamOptions: StreamOptions;
  promptTokens: number;
  reservation: Reservation | null;
}

const DEFAULT_AGENT_HEADER = "x-aispm-agent";

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function requirePolicy(ctx: GatewayContext): ActivePolicy | null {
  const active = ctx.policies.current();
  if (active !== null || ctx.config.failOpen || ctx.policies.expiredFailOpen) return active;
  const why = ctx.policies.lastError === null ? "" : ` (last bundle refused: ${ctx.policies.lastError.code})`;
  throw new GatewayError("GW_ERR_NO_POLICY", `no valid policy is in force${why}`);
}

function rateLimit(ctx: GatewayContext, active: ActivePolicy | null, claimed: string | undefined): void {
  const limits = active?.policy.rateLimits;
  if (limits === undefined) return;
  const identity = rateLimitIdentity(claimed, NO_DECLARED_AGENTS, ctx.config.serviceAccount);
  const r = ctx.state.rate.take(identity, ctx.now(), limits);
  ctx.state.markDirty();
  if (!r.allowed) {
    // The identity is not named: it may be an agent id, which error bodies and logs never carry.
    throw new GatewayError("GW_ERR_RATE_LIMITED", `rate limit of ${limits.requestsPerMinute} requests per minute exceeded`, {
      retryAfterSec: r.retryAfterSec,
      detectors: ["rate-limit"],
    });
  }
}

/** Tool allowlist on the request; returns true when the body was changed (tools stripped). */
function enforceTools(ctx: GatewayContext, plan: Pick<Plan, "dialect" | "body" | "active" | "requestId" | "target" | "agent">): boolean {
  const tools = plan.active?.policy.tools;
  const decision = decideRequestTools(plan.dialect.requestTools(plan.body), tools);
  if (decision.action === "allow" || tools === undefined) return false;
  if (decision.action === "block") throw toolBlockError(decision.violations);
  const removed = plan.dialect.stripTools(plan.body, new Set(tools.allowed));
  ctx.logger.info(
    {
      event: "gateway.tools.stripped",
      requestId: plan.requestId,
      provider: plan.target.provider,
      agent: plan.agent,
      count: removed.length,
    },
    "disallowed tools stripped",
  );
  return removed.length > 0;
}

/** DLP and injection on every prompt-bearing field; returns [changed, prompt characters]. */
async function enforceContent(
  ctx: GatewayContext,
  plan: Pick<Plan, "dialect" | "body" | "active" | "requestId" | "target" | "agent">,
): Promise<[boolean, number]> {
  // The prompt estimate counts the role-labelled prompt texts only; DLP scans every content string.
  const promptSlots = plan.dialect.requestSlots(plan.body);
  const chars = promptSlots.reduce((n, s) => n + s.text.length, 0);
  if (plan.active === null) return [false, chars];
  const slots = requestContentSlots(plan.dialect, plan.body, promptSlots);
  const t0 = performance.now();
  const inspection = await inspectSlotsAsync(plan.active.filter, slots, "request");
  ctx.metrics.filterSeconds.observe({ stage: "request" }, (performance.now() - t0) / 1000);
  ctx.audit.decision({
    requestId: plan.requestId,
    route: plan.dialect.path,
    provider: plan.target.provider,
    agent: plan.agent,
    stage: "request",
    decision: inspection.decision,
    findings: inspection.findings,
    injection: inspection.injection,
    code: inspection.block?.code,
  });
  if (inspection.block !== null) {
    const what =
      inspection.block.code === "GW_ERR_DLP_BLOCKED" ? "request contains data the policy blocks" : "request looks like a prompt injection";
    throw new GatewayError(inspection.block.code, what, { detectors: inspection.block.detectors });
  }
  return [inspection.redactedSlots > 0, chars];
}

function reserve(ctx: GatewayContext, plan: Pick<Plan, "dialect" | "body" | "active" | "target">, promptTokens: number): Reservation {
  checkOutputLimits(plan.body);
  return ctx.state.budgets.reserve({
    provider: plan.target.provider,
    model: plan.dialect.model(plan.body),
    promptTokens,
    maxOutputTokens: plan.dialect.maxOutputTokens(plan.body, ctx.config.defaultMaxOutputTokens),
    budgets: plan.active?.policy.budgets,
    prices: plan.active?.policy.prices,
  });
}

/**
 * Policy, upstream, rate limit, tools, content and budget — in that order, cheapest refusal first.
 * May rewrite the body (strip tools, redact, ask for stream usage); reserves budget last.
 */
export async function preflight(ctx: GatewayContext, dialect: Dialect, call: IncomingCall): Promise<Plan> {
  const active = requirePolicy(ctx);
  if (!isRecord(call.body)) throw new GatewayError("GW_ERR_BAD_REQUEST", "request body must be a JSON object");
  const body = call.body;
  const target = resolveTarget(
    dialect.defaultUpstream,
    header(call.headers, UPSTREAM_HEADER),
    ctx.config.upstreams,
    active?.policy ?? null,
  );
  const agentHeader = active?.policy.rateLimits?.agentHeader ?? DEFAULT_AGENT_HEADER;
  const claimed = header(call.headers, agentHeader);
  // Logs and audit events get a keyed hash of the client's agent value, never the value itself.
  const agent = claimed === undefined ? "service-account" : keyedLabel(claimed);
  rateLimit(ctx, active, claimed);
  const base = { dialect, body, active, requestId: call.requestId, target, agent };
  const stripped = enforceTools(ctx, base);
  const [redacted, promptChars] = await enforceContent(ctx, base);
  const stream = dialect.streams && dialect.wantsStream(body);
  const streamOptions = stream ? dialect.prepareStream(body) : { hideUsageChunk: false };
  const changed = stripped || redacted || streamOptions.hideUsageChunk;
  // Unchanged bodies go out byte for byte; rewritten ones are re-serialized.
  const outgoing = !changed && call.rawBody !== undefined ? call.rawBody : Buffer.from(JSON.stringify(body));
  const url = upstreamUrl(target.base, dialect.path, call.search);
  const headers = forwardHeaders(call.headers, outgoing.length, agentHeader) as Record<string, string | string[] | number>;
  // Query string and custom headers are content too; refused before anything is reserved.
  enforceTransport(ctx, { ...base, url, headers });
  const promptTokens = estimateTokens(promptChars);
  const reservation = reserve(ctx, base, promptTokens);
  return { ...base, url, outgoing, headers, stream, streamOptions, promptTokens, reservation };
}

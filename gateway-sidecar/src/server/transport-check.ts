import { headerSlots, querySlots } from "../dialects/common/transport-slots.js";
import { inspectSlots } from "../enforce/inspect.js";
import { GatewayError } from "../errors.js";
import type { GatewayContext } from "./context.js";
import type { Plan } from "./preflight.js";

/**
 * Query string and forwarded custom headers are content too (a client or SDK can put anything
 * there). Query values are redacted in place; a header is never rewritten, so any redact or block
 * finding in one refuses the request.
 */
export function enforceTransport(
  ctx: GatewayContext,
  plan: Pick<Plan, "active" | "url" | "headers" | "requestId" | "dialect" | "target" | "agent">,
): void {
  const active = plan.active;
  if (active === null) return;
  const query = querySlots(plan.url.search);
  const headers = headerSlots(plan.headers);
  // "response" mode: DLP only; injection scoring is for prompt text, not URLs and header values.
  const inspection = inspectSlots(active.filter, [...query.slots, ...headers.map((h) => h.slot)], "response");
  const inHeader = inspection.findings.filter((f) => f.slot >= query.slots.length && f.action !== "log");
  const blocked = inspection.block !== null || inHeader.length > 0;
  if (inspection.findings.length > 0) {
    ctx.audit.decision({
      requestId: plan.requestId,
      route: plan.dialect.path,
      provider: plan.target.provider,
      agent: plan.agent,
      stage: "request",
      decision: blocked ? "block" : inspection.decision,
      findings: inspection.findings,
      code: blocked ? "GW_ERR_DLP_BLOCKED" : undefined,
    });
  }
  if (blocked) {
    const detectors = [...new Set([...(inspection.block?.detectors ?? []), ...inHeader.map((f) => f.detectorId)])];
    const where = inHeader.length > 0 ? "a request header" : "the query string";
    throw new GatewayError("GW_ERR_DLP_BLOCKED", `${where} contains data the policy blocks`, { detectors });
  }
  if (inspection.redactedSlots > 0) plan.url.search = query.serialize();
}

import type { GatewayPolicySpec } from "@aispm/api";
import { GatewayError } from "../errors.js";

export type ToolsPolicy = NonNullable<GatewayPolicySpec["tools"]>;

export interface ToolDecision {
  /** declared tools outside the allowlist, in declaration order, deduplicated */
  violations: string[];
  action: "allow" | "block" | "strip";
}

/** Pure decision over the tool names a request declares. */
export function decideRequestTools(declared: readonly string[], policy: ToolsPolicy | undefined): ToolDecision {
  if (policy === undefined || declared.length === 0) return { violations: [], action: "allow" };
  const allowed = new Set(policy.allowed);
  const violations = [...new Set(declared.filter((n) => !allowed.has(n)))];
  if (violations.length === 0) return { violations, action: "allow" };
  return { violations, action: policy.onViolation };
}

export function toolBlockError(violations: readonly string[]): GatewayError {
  const names = violations.map((n) => JSON.stringify(n)).join(", ");
  return new GatewayError("GW_ERR_TOOL_NOT_ALLOWED", `tool ${names} is not in the allowlist`, {
    detectors: violations.map((n) => `tool:${n}`),
  });
}

/** Response side: a model call to a tool outside the allowlist is never passed on. */
export function checkResponseTools(called: readonly string[], allowed: ReadonlySet<string> | null): void {
  if (allowed === null) return;
  const bad = called.filter((n) => !allowed.has(n));
  if (bad.length > 0) {
    const names = [...new Set(bad)].map((n) => JSON.stringify(n)).join(", ");
    throw new GatewayError("GW_ERR_TOOL_CALL_BLOCKED", `model called tool ${names}, which is not in the allowlist`, {
      detectors: bad.map((n) => `tool:${n}`),
    });
  }
}

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

// Tool names are client- or model-chosen text (they can carry data or an injection payload) and
// error bodies and detectors are logged: only the count is ever reported.
const plural = (n: number) => (n === 1 ? "1 tool" : `${n} tools`);

export function toolBlockError(violations: readonly string[]): GatewayError {
  return new GatewayError("GW_ERR_TOOL_NOT_ALLOWED", `request declares ${plural(violations.length)} outside the allowlist`, {
    detectors: ["tool-allowlist"],
  });
}

/** Response side: a model call to a tool outside the allowlist is never passed on. */
export function checkResponseTools(called: readonly string[], allowed: ReadonlySet<string> | null): void {
  if (allowed === null) return;
  const bad = called.filter((n) => !allowed.has(n));
  if (bad.length > 0) {
    throw new GatewayError("GW_ERR_TOOL_CALL_BLOCKED", `model called ${plural(new Set(bad).size)} outside the allowlist`, {
      detectors: ["tool-allowlist"],
    });
  }
}

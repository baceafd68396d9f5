import type { GatewayPolicySpec } from "@aispm/api";
import { gatewayPolicySpec } from "@aispm/api";
import { verifyEnvelope, type BundlePayload, type EnvelopeCheck } from "@aispm/api/bundle";
import { GatewayError, toGatewayError } from "../errors.js";
import { FilterConfigError } from "../filter/index.js";
import type { CompiledFilter } from "../filter/types.js";

export interface VerifyOptions extends EnvelopeCheck {
  /** compiles the policy's filter; throws the filter's FilterConfigError on a bad custom pattern */
  compile: (policy: GatewayPolicySpec) => CompiledFilter;
}

export interface VerifiedBundle {
  payload: BundlePayload;
  filter: CompiledFilter;
  /** hex sha256 of the canonical payload: identifies the bundle in logs and status */
  digest: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

function compilePolicy(rawPolicy: unknown, opts: VerifyOptions): { policy: GatewayPolicySpec; filter: CompiledFilter } {
  const parsed = gatewayPolicySpec.safeParse(rawPolicy);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new GatewayError("GW_ERR_POLICY_INVALID", `policy does not match the GatewayPolicy schema: ${issues}`);
  }
  try {
    return { policy: parsed.data, filter: opts.compile(parsed.data) };
  } catch (err) {
    if (err instanceof FilterConfigError) throw new GatewayError("GW_ERR_POLICY_PATTERN", `policy filter does not compile: ${err.message}`);
    // Not the policy's fault as far as we can tell, but we still cannot enforce it.
    throw new GatewayError(
      "GW_ERR_POLICY_INVALID",
      `policy filter failed to build: ${err instanceof Error ? err.message : "unknown error"}`,
    );
  }
}

/** Verifies the envelope (shared API module), then validates and compiles the policy it carries. */
export function verifyBundle(text: string, opts: VerifyOptions): VerifiedBundle {
  let env;
  try {
    env = verifyEnvelope(text, opts);
  } catch (err) {
    throw toGatewayError(err);
  }
  const { policy, filter } = compilePolicy(env.payload.policy, opts);
  return { payload: { ...env.payload, policy }, filter, digest: env.digest, issuedAtMs: env.issuedAtMs, expiresAtMs: env.expiresAtMs };
}

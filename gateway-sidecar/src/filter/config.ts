import { DLP_SETS } from "@aispm/api";
import type { DlpSetName } from "./dlp/detector.js";
import type { InjectionConfig } from "./injection/score.js";
import type { NormalizeConfig, PassName } from "./normalize/pipeline.js";
import type { DlpAction, GatewayPolicySpec } from "./types.js";

/** Set names in schema order: the policy schema's list is the one source. */
export const SET_NAMES: readonly DlpSetName[] = DLP_SETS;

/**
 * Actions when the policy lists no sets. Credentials that grant access on their own are
 * blocked (the request must not leave); heuristic secrets and personal data are redacted
 * so the conversation can go on without them.
 */
export const DEFAULT_SET_ACTIONS: Readonly<Record<DlpSetName, DlpAction>> = {
  "cloud-credentials": "block",
  "saas-tokens": "block",
  "ai-provider-keys": "block",
  "private-keys": "block",
  "crypto-wallets": "block",
  jwt: "redact",
  "generic-secrets": "redact",
  "pii-contact": "redact",
  financial: "redact",
  "national-ids": "redact",
};

export const ALL_PASSES: readonly PassName[] = ["nfkc", "zeroWidth", "homoglyph", "leet", "htmlEntities", "base64"];

/** Derived views longer than this are cut; the raw text is always scanned whole. */
export const MAX_VIEW_CHARS = 2 * 1024 * 1024;

export function setActions(spec: GatewayPolicySpec): Map<DlpSetName, DlpAction> {
  const listed = spec.dlp?.sets;
  if (listed === undefined) return new Map(SET_NAMES.map((s) => [s, DEFAULT_SET_ACTIONS[s]]));
  return new Map(listed.map((s) => [s.name, s.action]));
}

export function normalizeConfig(spec: GatewayPolicySpec): NormalizeConfig {
  const n = spec.normalization;
  return {
    passes: new Set<PassName>(n?.passes ?? ALL_PASSES),
    maxDecodeDepth: n?.maxDecodeDepth ?? 2,
    maxDecodedBytes: n?.maxDecodedBytes ?? 65536,
    maxViewChars: MAX_VIEW_CHARS,
  };
}

export function injectionConfig(spec: GatewayPolicySpec): InjectionConfig {
  const i = spec.injection;
  return { enabled: i?.enabled ?? true, threshold: i?.threshold ?? 0.7, action: i?.action ?? "block" };
}

import type { GatewayPolicySpec } from "../types.js";
import { looksRandom } from "./validators/secret-value.js";

type DlpSpec = NonNullable<GatewayPolicySpec["dlp"]>;
/** Built-in set names (the DLP_SETS enum of the policy schema). */
export type DlpSetName = NonNullable<DlpSpec["sets"]>[number]["name"];

/** A built-in detector. Patterns are RE2 syntax; lookaround and backreferences do not exist. */
export interface DetectorDef {
  readonly id: string;
  readonly set: DlpSetName;
  readonly description: string;
  /** The first capture group that participated is the finding span; without groups, the whole match. */
  readonly pattern: string;
  /** Cheaper RE2 source for the multi-pattern prefilter; must match wherever `pattern` does. */
  readonly prefilter?: string;
  /** Rejects candidates (checksums, entropy, placeholders). Receives the span text. */
  readonly validate?: (value: string) => boolean;
  /** Reports these sub-spans of the span text instead of the whole span (seed phrases). */
  readonly locate?: (value: string) => [number, number][];
  /** Longest text one finding can cover; sizes the stream hold-back window. */
  readonly maxLen: number;
  /** Specificity when findings overlap: higher wins. */
  readonly priority: number;
}

/** Priorities: a key block beats a token inside it, a token beats a generic "secret=" hit. */
export const PRIORITY = {
  privateKey: 100,
  prefixed: 90,
  structured: 80,
  contextual: 70,
  checksummed: 60,
  contact: 50,
  generic: 40,
} as const;

/**
 * `<keyword> ... = <value>` assignment: keyword case-insensitive, value in group 1 and
 * case-sensitive, followed by a non-token character or end of text.
 */
export function assigned(keywords: string, value: string, gap = 24): string {
  return String.raw`(?i:${keywords})[\w."'\- ]{0,${gap}}?\s*(?:[:=]|:=|=>)\s*["']?(${value})(?:[^A-Za-z0-9+/=_\-]|$)`;
}

/** A keyword followed (within `gap` non-newline chars) by the value, no assignment operator needed. */
export function near(keywords: string, value: string, gap = 32): string {
  return String.raw`(?i:${keywords})[^\n]{0,${gap}}?\b(${value})(?:[^A-Za-z0-9+/=_\-]|$)`;
}

/**
 * Detector for a token with a distinctive literal prefix. `skip` characters are ignored by
 * the randomness check so "ghp_" + "aaaa..." placeholders are rejected.
 */
export function prefixed(
  base: Pick<DetectorDef, "id" | "set" | "description" | "pattern" | "maxLen" | "prefilter">,
  skip: number,
  minEntropy = 3.0,
): DetectorDef {
  return { ...base, priority: PRIORITY.prefixed, validate: (v) => looksRandom(v.slice(skip), minEntropy) };
}

// Contract between the filter engine (normalize, DLP, injection) and the proxy.
// The proxy only depends on these types and on `compileFilter` in ./index.ts.
import type { DlpAction, GatewayPolicySpec } from "@aispm/api";

export type { DlpAction, GatewayPolicySpec };

/** One detector hit, located in the ORIGINAL text (offsets are UTF-16 code units, end exclusive). */
export interface DlpFinding {
  detectorId: string;
  /** built-in set name, or "custom" for policy patterns */
  set: string;
  action: DlpAction;
  start: number;
  end: number;
  /** hex sha256 of the matched original substring — safe to log; the text itself never is */
  sha256: string;
  /** which normalized view found it: "raw", "nfkc", "zeroWidth", ..., "base64" */
  view: string;
}

export interface InjectionResult {
  score: number; // 0..1
  signals: string[]; // ids of the heuristics that fired
  action: "block" | "log" | "none";
}

export interface ScanResult {
  findings: DlpFinding[];
  injection: InjectionResult;
  /** strongest action over findings and injection: block > redact > log > allow */
  decision: "allow" | "log" | "redact" | "block";
}

export interface ScanOptions {
  /** skip prompt-injection scoring (used for model output) */
  injection?: boolean;
}

export interface CompiledFilter {
  scan(text: string, options?: ScanOptions): ScanResult;
  /** Replace every finding whose action is redact (or block, if asked) with `[REDACTED:<detectorId>]`. */
  redact(text: string, findings: readonly DlpFinding[]): string;
  /** Longest match any detector can produce, used by the stream scanner to size its hold-back window. */
  readonly maxMatchLength: number;
  /**
   * Index in `text` from which a stream scanner must hold text back, because a match could
   * still be in progress there; everything before it is final.
   */
  holdFrom(text: string): number;
}

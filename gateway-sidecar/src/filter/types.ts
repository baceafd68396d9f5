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
  /**
   * hex sha256 of the matched original substring. Not safe to log as is (short values such as
   * SSNs are recovered by enumeration): the audit log writes an HMAC of it under a secret key.
   */
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
  /**
   * Scans in one synchronous call. Linear in the text length, but a multi-MiB text still holds
   * the event loop for its whole scan: request handlers should prefer `scanAsync`.
   */
  scan(text: string, options?: ScanOptions): ScanResult;
  /** Same result as `scan`, computed in slices of a few ms with the event loop running in between. */
  scanAsync(text: string, options?: ScanOptions): Promise<ScanResult>;
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

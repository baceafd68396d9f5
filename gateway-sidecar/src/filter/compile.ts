import { injectionConfig, normalizeConfig, setActions } from "./config.js";
import { compileBuiltin, compileCustom, CUSTOM_MAX_LEN, type CompiledDetector } from "./dlp/compiled.js";
import { DETECTOR_DEFS } from "./dlp/detectors/index.js";
import { DlpEngine } from "./dlp/engine.js";
import { FilterConfigError, GW_ERR_POLICY_PATTERN } from "./errors.js";
import { InjectionScorer } from "./injection/score.js";
import type { NormalizeConfig } from "./normalize/pipeline.js";
import { holdFrom, type HoldRules } from "./hold-from.js";
import { redactText, type RedactOptions } from "./redact.js";
import { runSliced, runSync, scanSteps, type ScanParts } from "./scan-steps.js";
import type { CompiledFilter, DlpFinding, GatewayPolicySpec, ScanOptions, ScanResult } from "./types.js";

function compileDetectors(spec: GatewayPolicySpec): CompiledDetector[] {
  const actions = setActions(spec);
  const out: CompiledDetector[] = [];
  for (const def of DETECTOR_DEFS) {
    const action = actions.get(def.set);
    if (action !== undefined) out.push(compileBuiltin(def, action));
  }
  for (const p of spec.dlp?.customPatterns ?? []) {
    try {
      out.push(compileCustom(p.id, p.pattern, p.action));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new FilterConfigError(GW_ERR_POLICY_PATTERN, `custom pattern "${p.id}" is not valid RE2: ${reason}`);
    }
  }
  return out;
}

function buildEngine(detectors: CompiledDetector[]): DlpEngine {
  try {
    return new DlpEngine(detectors);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new FilterConfigError(GW_ERR_POLICY_PATTERN, `DLP patterns could not be combined into an RE2.Set: ${reason}`);
  }
}

/** Longest original span a finding can cover, doubled for invisible-char padding inside tokens. */
function maxMatchLength(detectors: readonly CompiledDetector[]): number {
  let max = 0;
  for (const d of detectors) max = Math.max(max, d.maxLen <= 512 ? d.maxLen * 2 : d.maxLen);
  return Math.max(max, CUSTOM_MAX_LEN);
}

/**
 * Builds the filter for one policy: every regex, the RE2.Set prefilter and the injection
 * sets are compiled here once, so scan() only matches.
 */
export function compileFilter(
  spec: GatewayPolicySpec,
): CompiledFilter & { redact(text: string, findings: readonly DlpFinding[], options?: RedactOptions): string } {
  const detectors = compileDetectors(spec);
  const engine = buildEngine(detectors);
  const norm: NormalizeConfig = normalizeConfig(spec);
  const normNoLeet: NormalizeConfig = { ...norm, passes: new Set([...norm.passes].filter((p) => p !== "leet")) };
  const injCfg = injectionConfig(spec);
  const scorer = injCfg.enabled ? new InjectionScorer(injCfg) : null;
  const maxLen = maxMatchLength(detectors);
  const holdRules: HoldRules = { maxMatchLength: maxLen, opaquePatterns: detectors.some((d) => d.set === "custom") };
  // The leet view only feeds injection scoring; skip building it otherwise.
  const withInjection: ScanParts = { engine, scorer, norm, overlap: maxLen };
  const dlpOnly: ScanParts = { engine, scorer: null, norm: normNoLeet, overlap: maxLen };
  const partsFor = (options?: ScanOptions): ScanParts => (scorer !== null && options?.injection !== false ? withInjection : dlpOnly);
  return {
    maxMatchLength: maxLen,
    holdFrom: (text: string) => holdFrom(text, holdRules),
    scan(text: string, options?: ScanOptions): ScanResult {
      const parts = partsFor(options);
      return runSync(scanSteps(parts, text, parts.scorer !== null));
    },
    scanAsync(text: string, options?: ScanOptions): Promise<ScanResult> {
      const parts = partsFor(options);
      return runSliced(scanSteps(parts, text, parts.scorer !== null));
    },
    redact(text: string, findings: readonly DlpFinding[], options?: RedactOptions): string {
      return redactText(text, findings, options);
    },
  };
}

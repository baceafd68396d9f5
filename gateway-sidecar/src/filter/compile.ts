import { injectionConfig, normalizeConfig, setActions } from "./config.js";
import { compileBuiltin, compileCustom, CUSTOM_MAX_LEN, type CompiledDetector } from "./dlp/compiled.js";
import { DETECTOR_DEFS } from "./dlp/detectors/index.js";
import { DlpEngine } from "./dlp/engine.js";
import { actionRank } from "./dlp/merge.js";
import { FilterConfigError, GW_ERR_POLICY_PATTERN } from "./errors.js";
import { InjectionScorer } from "./injection/score.js";
import { buildViews, type NormalizeConfig } from "./normalize/pipeline.js";
import { holdFrom } from "./hold-from.js";
import { redactText, type RedactOptions } from "./redact.js";
import type { CompiledFilter, DlpFinding, GatewayPolicySpec, InjectionResult, ScanOptions, ScanResult } from "./types.js";

const NO_INJECTION: InjectionResult = { score: 0, signals: [], action: "none" };

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

function decide(findings: readonly DlpFinding[], injection: InjectionResult): ScanResult["decision"] {
  let rank = 0;
  for (const f of findings) rank = Math.max(rank, actionRank(f.action));
  if (injection.action === "block") rank = 3;
  else if (injection.action === "log") rank = Math.max(rank, 1);
  return rank === 3 ? "block" : rank === 2 ? "redact" : rank === 1 ? "log" : "allow";
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
  return {
    maxMatchLength: maxLen,
    holdFrom: (text: string) => holdFrom(text, maxLen),
    scan(text: string, options?: ScanOptions): ScanResult {
      const wantInjection = scorer !== null && options?.injection !== false;
      // The leet view only feeds injection scoring; skip building it otherwise.
      const views = buildViews(text, wantInjection ? norm : normNoLeet);
      const findings = engine.scan(text, views);
      const injection = wantInjection ? scorer.score(views) : NO_INJECTION;
      return { findings, injection, decision: decide(findings, injection) };
    },
    redact(text: string, findings: readonly DlpFinding[], options?: RedactOptions): string {
      return redactText(text, findings, options);
    },
  };
}

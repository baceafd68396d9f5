import RE2 from "re2";
import { sha256Hex } from "../hash.js";
import { mapSpan, type View } from "../normalize/view.js";
import type { DlpFinding } from "../types.js";
import type { CompiledDetector } from "./compiled.js";
import { mergeFindings, type RankedFinding } from "./merge.js";

/** Work bounds per scan so adversarial input cannot make a scan unbounded. */
export interface ScanLimits {
  /** findings kept per scan (after dedupe, before merge) */
  readonly maxFindings: number;
  /** regex matches examined per scan, valid or not */
  readonly maxCandidates: number;
}

export const DEFAULT_LIMITS: ScanLimits = { maxFindings: 512, maxCandidates: 20_000 };

interface ScanState {
  readonly original: string;
  readonly seen: Map<string, RankedFinding>;
  candidates: number;
}

type Span = [number, number];

/**
 * Span of one match from RE2's replace-callback arguments (match, ...groups, offset,
 * input[, named]). The first participating group wins; groups in built-in patterns are
 * followed by at most one context character, so the last occurrence is the group.
 */
function spanFromArgs(args: readonly unknown[], useGroups: boolean): Span | null {
  const match = args[0];
  let offsetAt = args.length - 1;
  while (offsetAt > 0 && typeof args[offsetAt] !== "number") offsetAt--;
  const offset = args[offsetAt];
  if (typeof match !== "string" || typeof offset !== "number" || match.length === 0) return null;
  if (useGroups) {
    for (let g = 1; g < offsetAt; g++) {
      const group = args[g];
      if (typeof group !== "string" || group.length === 0) continue;
      const at = offset + match.lastIndexOf(group);
      return [at, at + group.length];
    }
  }
  return [offset, offset + match.length];
}

/** Multi-pattern DLP scanner: RE2.Set prefilter per view, then only the detectors it selected. */
export class DlpEngine {
  private readonly prefilter: InstanceType<typeof RE2.Set> | null;

  constructor(
    private readonly detectors: readonly CompiledDetector[],
    private readonly limits: ScanLimits = DEFAULT_LIMITS,
  ) {
    this.prefilter = detectors.length === 0 ? null : new RE2.Set(detectors.map((d) => d.prefilter));
  }

  scan(original: string, views: readonly View[]): DlpFinding[] {
    if (this.prefilter === null) return [];
    const state: ScanState = { original, seen: new Map(), candidates: 0 };
    for (const view of views) {
      if (view.injectionOnly || view.text.length === 0) continue;
      for (const idx of this.selected(view.text)) {
        const d = this.detectors[idx];
        if (d !== undefined) this.runDetector(d, view, state);
        if (state.seen.size >= this.limits.maxFindings) break;
      }
    }
    return mergeFindings([...state.seen.values()]);
  }

  /** Set members that match; if the Set's DFA gives up (memory), fall back to running all. */
  private selected(text: string): number[] {
    try {
      return this.prefilter?.match(text) ?? [];
    } catch {
      return this.detectors.map((_, i) => i);
    }
  }

  /**
   * All matches of one detector in one native call: RE2's replace walks the matches and
   * hands each to a callback with its offset, far cheaper than an exec() round trip each.
   */
  private runDetector(d: CompiledDetector, view: View, state: ScanState): void {
    const text = view.text;
    d.re.lastIndex = 0;
    d.re.replace(text, (...args: unknown[]): string => {
      if (++state.candidates > this.limits.maxCandidates || state.seen.size >= this.limits.maxFindings) return "";
      const span = spanFromArgs(args, d.useGroups);
      if (span === null) return "";
      const [s, e] = span;
      const value = text.slice(s, e);
      if (d.validate !== undefined && !d.validate(value)) return "";
      if (d.locate === undefined) this.record(d, view, s, e, state);
      else for (const [a, b] of d.locate(value)) this.record(d, view, s + a, s + b, state);
      return "";
    });
  }

  private record(d: CompiledDetector, view: View, vs: number, ve: number, state: ScanState): void {
    const [start, end] = mapSpan(view, vs, ve);
    if (end <= start) return;
    const key = `${d.id}:${start}:${end}`;
    if (state.seen.has(key)) return;
    const finding: DlpFinding = {
      detectorId: d.id,
      set: d.set,
      action: d.action,
      start,
      end,
      sha256: sha256Hex(state.original.slice(start, end)),
      view: view.name,
    };
    state.seen.set(key, { finding, priority: d.priority });
  }
}

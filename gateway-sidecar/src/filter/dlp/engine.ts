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

function matchSpan(m: RegExpExecArray, useGroups: boolean): Span {
  const indices = m.indices;
  if (useGroups && indices !== undefined) {
    for (let g = 1; g < indices.length; g++) {
      const span = indices[g];
      if (span !== undefined) return [span[0], span[1]];
    }
  }
  return [m.index, m.index + m[0].length];
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

  private runDetector(d: CompiledDetector, view: View, state: ScanState): void {
    const re = d.re;
    const text = view.text;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) re.lastIndex++;
      if (++state.candidates > this.limits.maxCandidates || state.seen.size >= this.limits.maxFindings) return;
      const [s, e] = matchSpan(m, d.useGroups);
      if (e <= s) continue;
      const value = text.slice(s, e);
      if (d.validate !== undefined && !d.validate(value)) continue;
      const spans: Span[] = d.locate === undefined ? [[s, e]] : d.locate(value).map(([a, b]): Span => [s + a, s + b]);
      for (const [vs, ve] of spans) this.record(d, view, vs, ve, state);
    }
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

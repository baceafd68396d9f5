import RE2 from "re2";
import { sha256Hex } from "../hash.js";
import { mapSpan, type View } from "../normalize/view.js";
import type { DlpFinding } from "../types.js";
import type { CompiledDetector } from "./compiled.js";
import { mergeFindings, type RankedFinding } from "./merge.js";

/** Work bounds per scan so adversarial input cannot make a scan unbounded. */
export interface ScanLimits {
  /** findings kept per scan (after dedupe, before merge); one more blocks the scan */
  readonly maxFindings: number;
  /**
   * Regex matches (valid or not, all views and windows together) one detector may produce per
   * scan; one more blocks the scan. A match costs 10-40 µs (regex step plus validator: Luhn,
   * seed-phrase checksums), so 2 000 keep that part of a scan near 50 ms whatever the input;
   * ordinary text stays far below (findings are capped at 1 024 anyway).
   */
  readonly maxMatchesPerDetector: number;
}

export const DEFAULT_LIMITS: ScanLimits = { maxFindings: 1024, maxMatchesPerDetector: 2_000 };

/** Detector ids of the findings a scan reports when it hit a bound instead of finishing. */
export const TOO_MANY_MATCHES = "too-many-matches";
export const TOO_MANY_FINDINGS = "too-many-findings";

/** Where one scanned window sits in the original text, and whether its edges are artificial cuts. */
export interface WindowSpec {
  readonly offset: number;
  readonly cutLeft: boolean;
  readonly cutRight: boolean;
}

export interface ScanState {
  readonly original: string;
  readonly seen: Map<string, RankedFinding>;
  /** regex matches so far, per detector id */
  readonly matches: Map<string, number>;
  /** set once a bound was hit: the scan reports a block and stops */
  overflow: RankedFinding | null;
}

/**
 * Multi-pattern DLP scanner: RE2.Set prefilter per view, then only the detectors it selected.
 * Matches are walked with a global `exec` loop: node-re2's `replace(text, callback)` hands
 * the whole input to every callback (O(input) per match, quadratic on dense input), `exec`
 * with lastIndex costs only the match.
 */
export class DlpEngine {
  private readonly prefilter: InstanceType<typeof RE2.Set> | null;

  constructor(
    private readonly detectors: readonly CompiledDetector[],
    private readonly limits: ScanLimits = DEFAULT_LIMITS,
  ) {
    this.prefilter = detectors.length === 0 ? null : new RE2.Set(detectors.map((d) => d.prefilter));
  }

  begin(original: string): ScanState {
    return { original, seen: new Map(), matches: new Map(), overflow: null };
  }

  /** Whole scan of a text that is its own (single) window. */
  scan(original: string, views: readonly View[]): DlpFinding[] {
    const state = this.begin(original);
    const steps = this.scanWindow(state, views, { offset: 0, cutLeft: false, cutRight: false });
    while (steps.next().done !== true) {
      // run every step back to back
    }
    return this.finish(state);
  }

  /** Runs the selected detectors on every view of one window; yields after each detector so callers can slice the work. */
  *scanWindow(state: ScanState, views: readonly View[], win: WindowSpec): Generator<void, void> {
    if (this.prefilter === null) return;
    for (const view of views) {
      if (view.injectionOnly || view.text.length === 0) continue;
      for (const idx of this.selected(view.text)) {
        const d = this.detectors[idx];
        if (d !== undefined) this.runDetector(d, view, win, state);
        if (state.overflow !== null) return;
        yield;
      }
    }
  }

  finish(state: ScanState): DlpFinding[] {
    const ranked = [...state.seen.values()];
    if (state.overflow !== null) ranked.push(state.overflow);
    return mergeFindings(ranked);
  }

  /** Set members that match; if the Set's DFA gives up (memory), fall back to running all. */
  private selected(text: string): number[] {
    try {
      return this.prefilter?.match(text) ?? [];
    } catch {
      return this.detectors.map((_, i) => i);
    }
  }

  private runDetector(d: CompiledDetector, view: View, win: WindowSpec, state: ScanState): void {
    const run: Run = { d, view, win, state };
    const text = view.text;
    const re = d.re;
    let count = state.matches.get(d.id) ?? 0;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const whole = m[0];
      if (whole.length === 0) {
        re.lastIndex = m.index + 1;
        continue;
      }
      // A match that touches an artificial window edge may be a truncation artifact; the
      // neighbouring window, which overlaps by the longest match, sees the whole of it.
      const touchesCut = (win.cutLeft && m.index === 0) || (win.cutRight && m.index + whole.length === text.length);
      const span = touchesCut ? null : groupSpan(m, d.useGroups);
      if (span === null) continue;
      // Resume right after the reported span, not after the trailing context character the
      // pattern consumed: "123-45-6789 536-22-8841" must yield both numbers.
      if (span[1] < m.index + whole.length) re.lastIndex = span[1];
      if (++count > this.limits.maxMatchesPerDetector) {
        state.overflow = this.overflow(`${TOO_MANY_MATCHES}:${d.id}`, run, span);
        break;
      }
      this.accept(run, span);
      if (state.overflow !== null) break;
    }
    state.matches.set(d.id, count);
  }

  private accept(run: Run, [s, e]: Span): void {
    const { d } = run;
    const value = run.view.text.slice(s, e);
    if (d.validate !== undefined && !d.validate(value)) return;
    if (d.locate === undefined) this.record(run, [s, e]);
    else for (const [a, b] of d.locate(value)) this.record(run, [s + a, s + b]);
  }

  private record(run: Run, viewSpan: Span): void {
    const { d, state } = run;
    const [start, end] = originalSpan(run, viewSpan);
    if (end <= start) return;
    const key = `${d.id}:${start}:${end}`;
    if (state.seen.has(key)) return;
    if (state.seen.size >= this.limits.maxFindings) {
      state.overflow = this.overflow(TOO_MANY_FINDINGS, run, viewSpan);
      return;
    }
    state.seen.set(key, { finding: finding(d.id, run, [start, end]), priority: d.priority });
  }

  /** A bound was hit: report it as a block so an unscanned rest is never silently allowed. */
  private overflow(id: string, run: Run, viewSpan: Span): RankedFinding {
    return { finding: { ...finding(id, run, originalSpan(run, viewSpan)), action: "block" }, priority: Number.MAX_SAFE_INTEGER };
  }
}

type Span = [number, number];

/** One detector running over one view of one window. */
interface Run {
  readonly d: CompiledDetector;
  readonly view: View;
  readonly win: WindowSpec;
  readonly state: ScanState;
}

function originalSpan(run: Run, [vs, ve]: Span): Span {
  const [ws, we] = mapSpan(run.view, vs, ve);
  return [ws + run.win.offset, we + run.win.offset];
}

function finding(id: string, run: Run, [start, end]: Span): DlpFinding {
  const { d, view, state } = run;
  return { detectorId: id, set: d.set, action: d.action, start, end, sha256: sha256Hex(state.original.slice(start, end)), view: view.name };
}

/**
 * Span of one match. The first participating group wins; groups in built-in patterns are
 * followed by at most one context character, so the last occurrence is the group.
 */
function groupSpan(m: RegExpExecArray, useGroups: boolean): Span | null {
  const whole = m[0];
  if (useGroups) {
    for (let g = 1; g < m.length; g++) {
      const group = m[g];
      if (typeof group !== "string" || group.length === 0) continue;
      const at = m.index + whole.lastIndexOf(group);
      return [at, at + group.length];
    }
  }
  return [m.index, m.index + whole.length];
}

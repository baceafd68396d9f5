import { setImmediate as nextTurn } from "node:timers/promises";
import { actionRank } from "./dlp/merge.js";
import type { DlpEngine } from "./dlp/engine.js";
import type { InjectionScorer } from "./injection/score.js";
import { buildViews, type NormalizeConfig } from "./normalize/pipeline.js";
import { textWindows } from "./scan-windows.js";
import type { DlpFinding, InjectionResult, ScanResult } from "./types.js";

const NO_INJECTION: InjectionResult = { score: 0, signals: [], action: "none" };

/** Longest synchronous stretch of an async scan before it lets the event loop run. */
export const SLICE_MS = 4;

export interface ScanParts {
  readonly engine: DlpEngine;
  readonly scorer: InjectionScorer | null;
  readonly norm: NormalizeConfig;
  /** longest match: windows overlap by this much */
  readonly overlap: number;
}

function decide(findings: readonly DlpFinding[], injection: InjectionResult): ScanResult["decision"] {
  let rank = 0;
  for (const f of findings) rank = Math.max(rank, actionRank(f.action));
  if (injection.action === "block") rank = 3;
  else if (injection.action === "log") rank = Math.max(rank, 1);
  return rank === 3 ? "block" : rank === 2 ? "redact" : rank === 1 ? "log" : "allow";
}

/**
 * One scan as a sequence of small steps (a window's views, then one detector on one view at a
 * time). Each window is normalized on its own, so work per window is bounded and the whole
 * scan is linear in the text length; `scan` runs the steps back to back, `scanAsync` yields
 * to the event loop between them.
 */
export function* scanSteps(parts: ScanParts, text: string, wantInjection: boolean): Generator<void, ScanResult> {
  const { engine, scorer } = parts;
  const state = engine.begin(text);
  const tally = wantInjection && scorer !== null ? scorer.begin() : null;
  for (const w of textWindows(text, parts.overlap)) {
    const slice = w.start === 0 && w.end === text.length ? text : text.slice(w.start, w.end);
    const views = buildViews(slice, parts.norm);
    yield;
    yield* engine.scanWindow(state, views, { offset: w.start, cutLeft: w.cutLeft, cutRight: w.cutRight });
    // A bound was hit: the answer is block whatever the rest holds.
    if (state.overflow !== null) break;
    if (tally !== null && scorer !== null) {
      scorer.accumulate(tally, views);
      yield;
    }
  }
  const findings = engine.finish(state);
  const injection = tally !== null && scorer !== null ? scorer.finish(tally) : NO_INJECTION;
  return { findings, injection, decision: decide(findings, injection) };
}

export function runSync(steps: Generator<void, ScanResult>): ScanResult {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

/** Runs the steps, letting the event loop in at least every SLICE_MS (one step is far shorter on any input). */
export async function runSliced(steps: Generator<void, ScanResult>): Promise<ScanResult> {
  let since = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
    if (performance.now() - since >= SLICE_MS) {
      await nextTurn();
      since = performance.now();
    }
  }
}

import RE2 from "re2";
import type { View, ViewName } from "../normalize/view.js";
import type { InjectionResult } from "../types.js";
import { ENCODED_BONUS, INJECTION_SIGNALS, type InjectionSignal } from "./signals.js";

export interface InjectionConfig {
  readonly enabled: boolean;
  readonly threshold: number;
  readonly action: "block" | "log";
}

/**
 * In the leet view "1" folded to "i", so a word written "a11" reads "aii": let every
 * literal "l" in a pattern also accept "i". Escapes and classes are left alone.
 */
export function leetTolerant(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === "\\") {
      out += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    if (ch === "[") inClass = true;
    else if (ch === "]") inClass = false;
    out += !inClass && ch === "l" ? "[li]" : ch;
  }
  return out;
}

type Re2Set = InstanceType<typeof RE2.Set>;

/** Signals seen so far in a scan that runs window by window. */
export interface InjectionTally {
  readonly plainHits: Set<string>;
  readonly hiddenHits: Map<string, ViewName>;
  readonly weights: Map<string, number>;
}

/** Noisy-OR of signal weights: independent pieces of evidence push the score toward 1. */
export function combine(weights: readonly number[]): number {
  let keep = 1;
  for (const w of weights) keep *= 1 - w;
  return Math.round((1 - keep) * 1000) / 1000;
}

export class InjectionScorer {
  private readonly plain: Re2Set;
  private readonly leet: Re2Set;
  private readonly plainEach: readonly RE2[];
  private readonly leetEach: readonly RE2[];

  constructor(
    private readonly config: InjectionConfig,
    private readonly signals: readonly InjectionSignal[] = INJECTION_SIGNALS,
  ) {
    this.plain = new RE2.Set(signals.map((s) => `(?i:${s.pattern})`));
    this.leet = new RE2.Set(signals.map((s) => `(?i:${leetTolerant(s.pattern)})`));
    this.plainEach = signals.map((s) => new RE2(`(?i:${s.pattern})`));
    this.leetEach = signals.map((s) => new RE2(`(?i:${leetTolerant(s.pattern)})`));
  }

  score(views: readonly View[]): InjectionResult {
    const acc = this.begin();
    this.accumulate(acc, views);
    return this.finish(acc);
  }

  begin(): InjectionTally {
    return { plainHits: new Set(), hiddenHits: new Map(), weights: new Map() };
  }

  /** Adds the signals found in one set of views (one window of a big text) to the tally. */
  accumulate(acc: InjectionTally, views: readonly View[]): void {
    for (const view of views) {
      const leet = view.name === "leet";
      for (const idx of safeMatch(leet ? this.leet : this.plain, leet ? this.leetEach : this.plainEach, view.text)) {
        const sig = this.signals[idx];
        if (sig === undefined) continue;
        acc.weights.set(sig.id, Math.max(acc.weights.get(sig.id) ?? 0, sig.weight));
        // Views are cumulative, so only a raw hit proves the text was written in the clear.
        if (view.name === "raw") acc.plainHits.add(sig.id);
        else if (!acc.hiddenHits.has(sig.id)) acc.hiddenHits.set(sig.id, view.name);
      }
    }
  }

  finish(acc: InjectionTally): InjectionResult {
    const signals = [...acc.weights.keys()];
    const all = [...acc.weights.values()];
    const hiddenViews = new Set([...acc.hiddenHits].filter(([id]) => !acc.plainHits.has(id)).map(([, v]) => v));
    for (const v of hiddenViews) signals.push(`obfuscated:${v}`);
    if (hiddenViews.size > 0) all.push(ENCODED_BONUS);
    const score = combine(all);
    const action = signals.length > 0 && score >= this.config.threshold ? this.config.action : "none";
    return { score, signals, action };
  }
}

/** Set match; if the Set's DFA runs out of memory, test each pattern on its own (RE2 falls back to NFA). */
function safeMatch(set: Re2Set, each: readonly RE2[], text: string): number[] {
  try {
    return set.match(text);
  } catch {
    return each.flatMap((re, i) => (re.test(text) ? [i] : []));
  }
}

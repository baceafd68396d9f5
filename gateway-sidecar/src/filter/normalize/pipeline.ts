import { decodeSegmentsPass, type DecodeBudget } from "./decode-segments.js";
import { homoglyphPass } from "./homoglyph.js";
import { htmlEntitiesPass } from "./html-entities.js";
import { leetFold } from "./leet.js";
import { nfkcPass } from "./nfkc.js";
import { chainPass, composeView, rawView, type PassOutput, type View, type ViewName } from "./view.js";
import { zeroWidthPass } from "./zero-width.js";

export type PassName = "nfkc" | "zeroWidth" | "homoglyph" | "leet" | "htmlEntities" | "base64";

export interface NormalizeConfig {
  readonly passes: ReadonlySet<PassName>;
  readonly maxDecodeDepth: number;
  readonly maxDecodedBytes: number;
  /** derived views longer than this are cut (the raw view is always scanned in full) */
  readonly maxViewChars: number;
}

type TextPass = (input: string) => PassOutput | null;

// Printable ASCII (+ \t \n \r) is a fixed point of NFKC, invisible-char removal and
// homoglyph folding, so those passes are skipped without looking at the text again.
const NOT_PLAIN_ASCII = /[^\t\n\r\x20-\x7e]/;
const UNICODE_PASSES: ReadonlySet<PassName> = new Set<PassName>(["nfkc", "zeroWidth", "homoglyph"]);

function applies(name: PassName, text: string, plain: boolean): boolean {
  if (plain && UNICODE_PASSES.has(name)) return false;
  return name !== "htmlEntities" || text.includes("&");
}

// Order matters: entity decoding is an encoding layer, so it runs first and its output
// still gets Unicode folding; NFKC before invisible-char removal before homoglyphs.
const TEXT_PASSES: readonly [PassName & ViewName, TextPass][] = [
  ["htmlEntities", htmlEntitiesPass],
  ["nfkc", nfkcPass],
  ["zeroWidth", zeroWidthPass],
  ["homoglyph", homoglyphPass],
];

function capView(view: View, max: number): View {
  if (view.text.length <= max) return view;
  return {
    ...view,
    text: view.text.slice(0, max),
    starts: view.starts?.subarray(0, max) ?? null,
    ends: view.ends?.subarray(0, max) ?? null,
  };
}

/** Runs the enabled text passes on decoded output so e.g. base64 of fullwidth text is folded too. */
function refold(out: PassOutput, cfg: NormalizeConfig): PassOutput {
  let cur = out;
  let plain = !NOT_PLAIN_ASCII.test(cur.text);
  for (const [name, pass] of TEXT_PASSES) {
    if (!cfg.passes.has(name) || !applies(name, cur.text, plain)) continue;
    const next = pass(cur.text);
    if (next === null) continue;
    cur = chainPass(cur, next);
    plain = !NOT_PLAIN_ASCII.test(cur.text);
  }
  return cur;
}

function decodeViews(from: View, cfg: NormalizeConfig, views: View[]): View {
  const budget: DecodeBudget = { remainingBytes: cfg.maxDecodedBytes };
  let cur = from;
  for (let depth = 0; depth < cfg.maxDecodeDepth && budget.remainingBytes > 0; depth++) {
    const out = decodeSegmentsPass(cur.text, budget);
    if (out === null) break;
    cur = capView(composeView(cur, refold(out, cfg), "base64"), cfg.maxViewChars);
    views.push(cur);
  }
  return cur;
}

/**
 * Builds the views to scan: "raw" first, then one view per pass that changed the text.
 * Passes compose (each works on the previous view), so the last view is the most
 * normalized; a pass that changes nothing adds no view.
 */
export function buildViews(text: string, cfg: NormalizeConfig): View[] {
  const views: View[] = [rawView(text)];
  let cur = views[0] ?? rawView(text);
  let plain = !NOT_PLAIN_ASCII.test(text);
  for (const [name, pass] of TEXT_PASSES) {
    if (!cfg.passes.has(name) || !applies(name, cur.text, plain)) continue;
    const out = pass(cur.text);
    if (out === null) continue;
    cur = capView(composeView(cur, out, name), cfg.maxViewChars);
    views.push(cur);
    plain = !NOT_PLAIN_ASCII.test(cur.text);
  }
  if (cfg.passes.has("base64") && cfg.maxDecodeDepth > 0 && cfg.maxDecodedBytes > 0) {
    cur = decodeViews(cur, cfg, views);
  }
  if (cfg.passes.has("leet")) {
    // Leet folding is length-preserving, so the view reuses its input's offset map.
    const folded = leetFold(cur.text);
    if (folded !== null) views.push({ name: "leet", text: folded, starts: cur.starts, ends: cur.ends, injectionOnly: true });
  }
  return views;
}

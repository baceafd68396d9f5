import { MappedBuilder, type PassOutput } from "./view.js";

// Characters that render as nothing (or nearly) and are used to split secrets and
// keywords so naive matchers miss them.
const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x0008],
  [0x000b, 0x000c],
  [0x000e, 0x001f],
  [0x007f, 0x009f], // controls except \t \n \r
  [0x00ad, 0x00ad], // soft hyphen
  [0x034f, 0x034f], // combining grapheme joiner
  [0x061c, 0x061c], // Arabic letter mark
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180e, 0x180e],
  [0x3164, 0x3164],
  [0xffa0, 0xffa0], // fillers
  [0x200b, 0x200f], // ZWSP, ZWNJ, ZWJ, LRM, RLM
  [0x202a, 0x202e], // bidi embeddings / overrides
  [0x2060, 0x2064], // word joiner, invisible operators
  [0x2066, 0x206f], // bidi isolates, deprecated format characters
  [0xfe00, 0xfe0f], // variation selectors
  [0xfeff, 0xfeff], // BOM / ZWNBSP
  [0xfff9, 0xfffb], // interlinear annotation controls
  [0x1d173, 0x1d17a], // musical formatting controls
  [0xe0000, 0xe007f], // tag characters ("ASCII smuggling")
  [0xe0100, 0xe01ef], // variation selectors supplement
];

function hex(cp: number): string {
  return cp.toString(16).padStart(4, "0");
}

/** One native regex (code-point mode, a single class: linear time) built from the table. */
const INVISIBLE = new RegExp(
  "[" + INVISIBLE_RANGES.map(([lo, hi]) => (lo === hi ? `\\u{${hex(lo)}}` : `\\u{${hex(lo)}}-\\u{${hex(hi)}}`)).join("") + "]",
  "gu",
);

export function isInvisible(cp: number): boolean {
  return INVISIBLE_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/** Removes invisible / format characters; kept characters map to themselves. */
export function zeroWidthPass(input: string): PassOutput | null {
  INVISIBLE.lastIndex = 0;
  let m = INVISIBLE.exec(input);
  if (m === null) return null;
  const b = new MappedBuilder(input.length);
  let run = 0;
  for (; m !== null; m = INVISIBLE.exec(input)) {
    b.copy(input, run, m.index);
    run = m.index + m[0].length;
  }
  b.copy(input, run, input.length);
  return b.finish();
}

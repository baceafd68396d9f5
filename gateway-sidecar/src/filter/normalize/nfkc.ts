import { MappedBuilder, type PassOutput } from "./view.js";

// A code point that attaches to the preceding starter under normalization: combining
// marks, Hangul medial/final jamo, and halfwidth kana voicing marks.
const MARK = /\p{M}/uy;
const NON_ASCII = /[\u0080-\uffff]/g;

function isContinuation(text: string, index: number, cp: number): boolean {
  if (cp < 0x300) return false;
  if ((cp >= 0x1161 && cp <= 0x11c2) || cp === 0xff9e || cp === 0xff9f) return true;
  MARK.lastIndex = index;
  return MARK.test(text);
}

function width(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}

/** Start of the cluster containing index i: back over continuation marks to their starter. */
function clusterStart(input: string, i: number, floor: number): number {
  let s = i;
  while (s > floor) {
    const cp = input.codePointAt(s) ?? 0;
    if (!isContinuation(input, s, cp)) break;
    s--;
    if (s > floor && (input.charCodeAt(s) & 0xfc00) === 0xdc00) s--;
  }
  return s;
}

// Folding one cluster is an ICU call; text that needs this pass repeats few distinct clusters
// (one alphabet, a few marks), so a bounded cache turns most calls into a map lookup.
const FOLDED = new Map<string, string>();
const FOLDED_MAX = 4096;

function foldCluster(cluster: string): string {
  let folded = FOLDED.get(cluster);
  if (folded === undefined) {
    folded = cluster.normalize("NFKC");
    if (FOLDED.size < FOLDED_MAX) FOLDED.set(cluster, folded);
  }
  return folded;
}

/**
 * Unicode NFKC (fullwidth, ligatures, math letters, compatibility forms) with an offset
 * map. Normalization is applied per cluster (starter + attached marks) around each
 * non-ASCII code point, so each output unit maps back to the cluster it came from.
 */
export function nfkcPass(input: string): PassOutput | null {
  if (input.normalize("NFKC") === input) return null;
  const b = new MappedBuilder(input.length + 16);
  const n = input.length;
  let run = 0;
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(input); m !== null; m = NON_ASCII.exec(input)) {
    const start = clusterStart(input, m.index, run);
    let i = m.index + width(input.codePointAt(m.index) ?? 0);
    for (let cp = input.codePointAt(i) ?? 0; i < n && isContinuation(input, i, cp); cp = input.codePointAt(i) ?? 0) i += width(cp);
    NON_ASCII.lastIndex = i;
    const cluster = input.slice(start, i);
    const folded = foldCluster(cluster);
    if (folded === cluster) continue;
    b.copy(input, run, start);
    b.emit(folded, start, i);
    run = i;
  }
  b.copy(input, run, n);
  return b.finish();
}

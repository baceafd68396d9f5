/**
 * Splits a big text into overlapping windows so a scan is linear in the text length and can be
 * done in slices. Every window owns `own` characters and sees `overlap` more on each side
 * (widened to the nearest line break within LINE_SLACK more, so line-anchored patterns such as
 * `^system:` see whole lines). A match no longer than `overlap` therefore lies strictly inside
 * some window; matches that touch a cut edge are ignored by the engine, a neighbour reports them.
 */

export interface TextWindow {
  readonly start: number;
  readonly end: number;
  readonly cutLeft: boolean;
  readonly cutRight: boolean;
}

/**
 * Characters a window owns. Normalizing a window of dense non-ASCII text costs ~0.3 µs a
 * character, so 16 KiB (+ overlap) keeps one step near 10 ms even then; the price is that big
 * texts are read up to (16 + 2 × overlap) / 16 times. Texts up to own + 2 × overlap are one window.
 */
export const WINDOW_CHARS = 16 * 1024;
/** How far a cut may move to reach a line break. */
const LINE_SLACK = 1024;

function widenLeft(text: string, at: number): number {
  const from = Math.max(0, at - LINE_SLACK);
  // slice() bounds the search: lastIndexOf(needle, at) alone could walk back to the start of a 16 MiB text.
  const nl = text.slice(from, at).lastIndexOf("\n");
  return nl < 0 ? at : from + nl + 1;
}

function widenRight(text: string, at: number): number {
  const nl = text.slice(at, at + LINE_SLACK).indexOf("\n");
  return nl < 0 ? at : at + nl + 1;
}

export function* textWindows(text: string, overlap: number, own: number = WINDOW_CHARS): Generator<TextWindow> {
  const n = text.length;
  if (n <= own + 2 * overlap) {
    yield { start: 0, end: n, cutLeft: false, cutRight: false };
    return;
  }
  for (let at = 0; at < n; at += own) {
    const left = Math.max(0, at - overlap);
    const right = Math.min(n, at + own + overlap);
    const start = left === 0 ? 0 : widenLeft(text, left);
    const end = right === n ? n : widenRight(text, right);
    yield { start, end, cutLeft: start > 0, cutRight: end < n };
  }
}

/**
 * Where a stream scanner must start holding text back. Matches of most detectors are short, or
 * are one unbroken token (keys, JWTs, base64): a token still being written is the trailing run of
 * non-space characters. Only multi-line blocks (PEM, PGP, PuTTY) span whitespace over long
 * distances, and they announce themselves with a header, so an open header holds from itself.
 * This lets a stream flow a few hundred characters behind the model instead of a full
 * `maxMatchLength` behind it.
 */

/** Longest match that may contain whitespace outside a block (seed phrases, spaced card/IBAN numbers, key = value). */
export const SPACED_MATCH_WINDOW = 512;

const OPEN_BLOCKS: { start: RegExp; end: RegExp }[] = [
  { start: /-----BEGIN [A-Z0-9 ]*-----|-----BEGIN/g, end: /-----END [A-Z0-9 ]*-----/g },
  { start: /PuTTY-User-Key-File-[23]:/g, end: /Private-MAC: *[0-9a-fA-F]{40,64}/g },
];
// Invisible characters an attacker may slip into a header; stripped before looking for one.
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF]|\uDB40[\uDC00-\uDC7F]/g;

function lastIndex(re: RegExp, text: string): number {
  let last = -1;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m.index;
  return last;
}

function openBlockStart(text: string): number {
  let open = Number.POSITIVE_INFINITY;
  for (const { start, end } of OPEN_BLOCKS) {
    const s = lastIndex(start, text);
    if (s >= 0 && lastIndex(end, text) < s) open = Math.min(open, s);
  }
  return open;
}

function trailingRunStart(text: string): number {
  let i = text.length;
  while (i > 0 && !/\s/.test(text.charAt(i - 1))) i--;
  return i;
}

export function holdFrom(text: string, maxMatchLength: number): number {
  const len = text.length;
  const floor = Math.max(0, len - maxMatchLength);
  let hold = Math.max(0, len - SPACED_MATCH_WINDOW);
  hold = Math.min(hold, Math.max(floor, trailingRunStart(text)));
  const block = openBlockStart(text);
  if (Number.isFinite(block)) hold = Math.min(hold, Math.max(floor, block));
  // An obfuscated header (fullwidth, invisible characters) cannot be located in the original
  // text cheaply: when the folded tail shows one, hold the whole window.
  else if (Number.isFinite(openBlockStart(text.slice(floor).normalize("NFKC").replace(INVISIBLE, "")))) hold = floor;
  return hold;
}

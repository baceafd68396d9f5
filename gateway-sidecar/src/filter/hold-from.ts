/**
 * Where a stream scanner must start holding text back: the earliest position from which a
 * match could still be in progress, given the text so far. Everything before it is final.
 *
 * What the built-in detectors can still be writing at the end of the text:
 * - one unbroken token (keys, JWTs, base64, e-mail, URLs with credentials, `key=value`
 *   values): the trailing run of non-space characters;
 * - a match with spaces inside: spaced card / IBAN / phone / national-id numbers, whose pieces
 *   are short or contain a digit ("4111 1111", "GB82 WEST 1234", "AB 12 34 56 C"), and seed
 *   phrases, whose pieces are BIP39 words: the trailing run of such tokens;
 * - a multi-line key block: from its open `-----BEGIN …` / PuTTY header to its end marker.
 * Keywords a contextual detector needs before its value ("ssn", "password =") may go out:
 * the scanner keeps released text as left context and the value itself is still held.
 * Prose therefore flows about one word behind the model. Custom policy patterns may span
 * anything, so with them the last SPACED_MATCH_WINDOW characters are always held.
 */
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { homoglyphPass } from "./normalize/homoglyph.js";

/** Longest match that may contain whitespace outside a block (seed phrases, spaced numbers, custom patterns). */
export const SPACED_MATCH_WINDOW = 512;

export interface HoldRules {
  /** longest match any detector can produce */
  readonly maxMatchLength: number;
  /** a detector whose matches cannot be analysed (custom patterns): hold the whole spaced window */
  readonly opaquePatterns: boolean;
}

const OPEN_BLOCKS: { start: RegExp; end: RegExp }[] = [
  { start: /-----BEGIN [A-Z0-9 ]*-----|-----BEGIN/g, end: /-----END [A-Z0-9 ]*-----/g },
  { start: /PuTTY-User-Key-File-[23]:/g, end: /Private-MAC: *[0-9a-fA-F]{40,64}/g },
];
// Invisible characters an attacker may slip into a header or a word; stripped before looking.
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF]|\uDB40[\uDC00-\uDC7F]/g;
const SPACE = /\s/;
const DIGIT = /\p{N}/u;
const EDGE_PUNCT = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;
const BIP39_WORDS: ReadonlySet<string> = new Set(wordlist);
/** Letter-only pieces of spaced ids are at most this long and upper case ("AB 12 34 56 C", "GB82 WEST 1234"). */
const SHORT_PIECE = 4;
const UPPER_PIECE = /^[A-Z]+$/;

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

/** Start of the trailing run of non-space characters, looking no further back than `lo`. */
function trailingTokenStart(text: string, lo: number): number {
  let i = text.length;
  while (i > lo && !SPACE.test(text.charAt(i - 1))) i--;
  return i;
}

/** The token as the scanner's views see it (fullwidth, homoglyphs and invisible characters folded). */
function fold(token: string): string {
  const t = token.replace(INVISIBLE, "").normalize("NFKC");
  return homoglyphPass(t)?.text ?? t;
}

/**
 * Could this whitespace-free piece be part of a match that has spaces inside? Number groups
 * contain a digit; the letter-only pieces of spaced ids are short and upper case ("AB", "C",
 * "WEST" in an IBAN); seed phrases are BIP39 words. "The" or "report" is none of these.
 */
function spacedPiece(token: string): boolean {
  if (DIGIT.test(token)) return true;
  const folded = fold(token);
  if (folded.length <= SHORT_PIECE && UPPER_PIECE.test(folded)) return true;
  return BIP39_WORDS.has(folded.replace(EDGE_PUNCT, "").toLowerCase());
}

/** Start of the trailing run of tokens that could belong to one spaced match, no further back than `lo`. */
function trailingSpacedStart(text: string, lo: number): number {
  let start = text.length;
  let i = text.length;
  while (i > lo) {
    let end = i;
    while (end > lo && SPACE.test(text.charAt(end - 1))) end--;
    const from = trailingTokenStart(text.slice(0, end), lo);
    // The last token, still being written, may yet become a seed word or gain a digit.
    const inProgress = end === text.length;
    if (from === end || (!inProgress && !spacedPiece(text.slice(from, end)))) break;
    start = from;
    i = from;
  }
  return start;
}

export function holdFrom(text: string, rules: HoldRules): number {
  const len = text.length;
  const floor = Math.max(0, len - rules.maxMatchLength);
  const spacedFloor = Math.max(floor, len - SPACED_MATCH_WINDOW);
  let hold = rules.opaquePatterns ? spacedFloor : Math.max(spacedFloor, trailingSpacedStart(text, spacedFloor));
  hold = Math.min(hold, trailingTokenStart(text, floor));
  const block = openBlockStart(text);
  if (Number.isFinite(block)) hold = Math.min(hold, Math.max(floor, block));
  // An obfuscated header (fullwidth, invisible characters) cannot be located in the original
  // text cheaply: when the folded tail shows one, hold the whole window.
  else if (Number.isFinite(openBlockStart(text.slice(floor).normalize("NFKC").replace(INVISIBLE, "")))) hold = floor;
  return hold;
}

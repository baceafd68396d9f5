import { createHash } from "node:crypto";
import { validateMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";

const INDEX: ReadonlyMap<string, number> = new Map(wordlist.map((w, i) => [w, i]));
const LENGTHS = [24, 21, 18, 15, 12];
// Each check hashes; a 64 KiB run of list words must not turn into tens of thousands.
const MAX_CHECKS = 1024;
const WORD = /[A-Za-z]+/g;

interface Word {
  index: number;
  start: number;
  end: number;
}

function runsOfListWords(text: string): Word[][] {
  const runs: Word[][] = [];
  let run: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    const index = INDEX.get(m[0].toLowerCase());
    if (index !== undefined) {
      run.push({ index, start: m.index, end: m.index + m[0].length });
      continue;
    }
    if (run.length >= 12) runs.push(run);
    run = [];
  }
  if (run.length >= 12) runs.push(run);
  return runs;
}

/**
 * BIP39 checksum on word indices: the first ENT bits are the entropy, the last ENT/32
 * bits must equal the top bits of sha256(entropy). Cheap pre-check before the library's
 * validateMnemonic (which does list look-ups by linear search).
 */
export function checksumValid(indices: readonly number[]): boolean {
  const totalBits = indices.length * 11;
  const csBits = totalBits / 33;
  const entBytes = (totalBits - csBits) / 8;
  const bytes = new Uint8Array(Math.ceil(totalBits / 8));
  let bit = 0;
  for (const idx of indices) {
    for (let b = 10; b >= 0; b--, bit++) if ((idx >> b) & 1) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  }
  const hash = createHash("sha256").update(bytes.subarray(0, entBytes)).digest();
  const expected = (hash[0] ?? 0) >> (8 - csBits);
  const actual = (bytes[entBytes] ?? 0) >> (8 - csBits);
  return expected === actual;
}

/**
 * Finds BIP39 English mnemonics (12/15/18/21/24 words) whose checksum validates,
 * returning their spans inside `text`. Longest valid phrase wins at each position.
 */
export function locateMnemonics(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let checks = 0;
  const valid = (run: Word[], i: number, n: number): boolean => {
    if (i + n > run.length || ++checks > MAX_CHECKS) return false;
    const words = run.slice(i, i + n);
    return checksumValid(words.map((w) => w.index)) && validateMnemonic(words.map((w) => wordlist[w.index]).join(" "), wordlist);
  };
  for (const run of runsOfListWords(text)) {
    let i = 0;
    while (i + 12 <= run.length && checks < MAX_CHECKS) {
      const len = LENGTHS.find((n) => valid(run, i, n));
      if (len === undefined) {
        i++;
        continue;
      }
      const first = run[i];
      const last = run[i + len - 1];
      if (first !== undefined && last !== undefined) spans.push([first.start, last.end]);
      i += len;
    }
  }
  return spans;
}

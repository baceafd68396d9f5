import { validateMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";

const WORDS: ReadonlySet<string> = new Set(wordlist);
const LENGTHS = [24, 21, 18, 15, 12];
// Each check hashes; a 64 KiB run of list words must not turn into tens of thousands.
const MAX_CHECKS = 1024;
const WORD = /[A-Za-z]+/g;

interface Word {
  text: string;
  start: number;
  end: number;
}

function runsOfListWords(text: string): Word[][] {
  const runs: Word[][] = [];
  let run: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    const w = m[0].toLowerCase();
    if (WORDS.has(w)) {
      run.push({ text: w, start: m.index, end: m.index + m[0].length });
      continue;
    }
    if (run.length >= 12) runs.push(run);
    run = [];
  }
  if (run.length >= 12) runs.push(run);
  return runs;
}

/**
 * Finds BIP39 English mnemonics (12/15/18/21/24 words) whose checksum validates,
 * returning their spans inside `text`. Longest valid phrase wins at each position.
 */
export function locateMnemonics(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let checks = 0;
  const valid = (run: Word[], i: number, n: number): boolean =>
    i + n <= run.length && ++checks <= MAX_CHECKS && validateMnemonic(run.slice(i, i + n).map((w) => w.text).join(" "), wordlist);
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

import { HOMOGLYPHS } from "./homoglyph-table.js";
import { MappedBuilder, type PassOutput } from "./view.js";

// Only non-ASCII code points can be confusables; a native regex jumps between them.
const NON_ASCII = /[\u0080-\uffff]/g;

/** Folds confusable letters (Cyrillic, Greek, fullwidth, math alphanumerics, ...) to ASCII. */
export function homoglyphPass(input: string): PassOutput | null {
  NON_ASCII.lastIndex = 0;
  let b: MappedBuilder | null = null;
  let run = 0;
  for (let m = NON_ASCII.exec(input); m !== null; m = NON_ASCII.exec(input)) {
    const i = m.index;
    const cp = input.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const repl = HOMOGLYPHS.get(cp);
    if (width === 2) NON_ASCII.lastIndex = i + 2;
    if (repl === undefined) continue;
    b ??= new MappedBuilder(input.length);
    b.copy(input, run, i);
    b.emit(repl, i, i + width);
    run = i + width;
  }
  if (b === null) return null;
  b.copy(input, run, input.length);
  return b.finish();
}

import { NAMED_ENTITIES } from "./html-entity-table.js";
import { chainPass, MappedBuilder, type PassOutput } from "./view.js";

const MAX_ROUNDS = 3; // "&amp;#103;" is double-encoded; decode a few layers, no more

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function fromCodePoint(cp: number): string {
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\ufffd";
  return String.fromCodePoint(cp);
}

/** Parses a numeric reference at input[i] === "&" && input[i+1] === "#"; returns [text, end] or null. */
function numericAt(input: string, i: number): [string, number] | null {
  let j = i + 2;
  const hex = input.charCodeAt(j) === 0x78 || input.charCodeAt(j) === 0x58;
  if (hex) j++;
  const digitsStart = j;
  while (j < input.length && j - digitsStart < 8 && (hex ? isHex(input.charCodeAt(j)) : isDigit(input.charCodeAt(j)))) j++;
  if (j === digitsStart) return null;
  const cp = Number.parseInt(input.slice(digitsStart, j), hex ? 16 : 10);
  if (input.charCodeAt(j) === 0x3b) j++; // the semicolon is optional for numeric refs
  return [fromCodePoint(cp), j];
}

function namedAt(input: string, i: number): [string, number] | null {
  let j = i + 1;
  while (j < input.length && j - i <= 32 && isAlnum(input.charCodeAt(j))) j++;
  if (input.charCodeAt(j) !== 0x3b) return null;
  const value = NAMED_ENTITIES.get(input.slice(i + 1, j));
  return value === undefined ? null : [value, j + 1];
}

function decodeOnce(input: string): PassOutput | null {
  let b: MappedBuilder | null = null;
  let run = 0;
  let i = input.indexOf("&");
  while (i !== -1) {
    const hit = input.charCodeAt(i + 1) === 0x23 ? numericAt(input, i) : namedAt(input, i);
    if (hit === null) {
      i = input.indexOf("&", i + 1);
      continue;
    }
    b ??= new MappedBuilder(input.length);
    b.copy(input, run, i);
    b.emit(hit[0], i, hit[1]);
    run = hit[1];
    i = input.indexOf("&", run);
  }
  if (b === null) return null;
  b.copy(input, run, input.length);
  return b.finish();
}

/** Decodes named and numeric (decimal/hex) HTML character references, a few layers deep. */
export function htmlEntitiesPass(input: string): PassOutput | null {
  let out = decodeOnce(input);
  if (out === null) return null;
  for (let round = 1; round < MAX_ROUNDS; round++) {
    const next = decodeOnce(out.text);
    if (next === null) break;
    out = chainPass(out, next);
  }
  return out;
}

// Leet substitutions. Every replacement is one UTF-16 unit for one, so the leet view has
// the same offsets as its input and needs no map of its own. Only tokens that mix real
// letters with leet symbols are folded: "10 items" and "2024" stay digits, "1gn0r3" →
// "ignore". "1" folds to "i" (the injection matcher also accepts "i" where it expects "l").
const LEET: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "6": "g",
  "7": "t",
  "8": "b",
  "9": "g",
  "@": "a",
  $: "s",
  "!": "i",
  "|": "i",
  "€": "e",
};

// Native regexes used only to locate candidates (simple classes, linear time): a leet
// symbol touching a letter is where folding can matter.
const HINT = /[013-9@$!|€][A-Za-z]|[A-Za-z][013-9@$€]/g;

function isTokenChar(c: number): boolean {
  const lower = c | 0x20;
  return (
    (c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x7a) || c === 0x40 || c === 0x24 || c === 0x21 || c === 0x7c || c === 0x20ac
  );
}

function tokenBounds(input: string, at: number): [number, number] {
  let s = at;
  while (s > 0 && isTokenChar(input.charCodeAt(s - 1))) s--;
  let e = at + 1;
  while (e < input.length && isTokenChar(input.charCodeAt(e))) e++;
  return [s, e];
}

function foldToken(token: string): string {
  let out = "";
  for (const ch of token) out += LEET[ch] ?? ch;
  return out;
}

/** Returns the leet-folded text (same length as the input), or null when nothing folds. */
export function leetFold(input: string): string | null {
  HINT.lastIndex = 0;
  const parts: string[] = [];
  let copied = 0;
  for (let m = HINT.exec(input); m !== null; m = HINT.exec(input)) {
    if (m.index < copied) continue;
    const [s, e] = tokenBounds(input, m.index);
    parts.push(input.slice(copied, s), foldToken(input.slice(s, e)));
    copied = e;
    HINT.lastIndex = e;
  }
  if (parts.length === 0) return null;
  parts.push(input.slice(copied));
  const out = parts.join("");
  return out === input ? null : out;
}

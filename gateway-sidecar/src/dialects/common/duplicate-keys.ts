/**
 * JSON.parse keeps the last of two equal keys; a provider's parser may keep the first. A body with
 * `{"messages":[<secret>],"messages":[<hello>]}` would then be scanned as "hello" and read upstream
 * as the secret. This pass walks the raw text once (iteratively, linear time) and reports the first
 * exact duplicate key at any depth — keys compared after unescaping, so `"a"` and `"\u0061"` are
 * the same key — and nesting deeper than `maxDepth`. Keys that differ only in case are both kept by
 * JSON.parse and both scanned by the default-deny walk, so they are not refused.
 *
 * It expects text JSON.parse has accepted; on anything else it stops quietly (the parse refused it).
 */
export type StructureProblem = { kind: "duplicate"; path: string } | { kind: "depth"; path: string };

interface Level {
  keys: Set<string> | null;
  /** current key (object) or index (array), for naming the path */
  at: string | number;
}

function pathOf(stack: readonly Level[], last?: string): string {
  let out = "$";
  for (const l of stack) {
    if (l.keys === null) out += `[${String(l.at)}]`;
    else if (typeof l.at === "string" && l.at !== "") out += `.${l.at.slice(0, 64)}`;
  }
  return last === undefined ? out : `${out}.${last.slice(0, 64)}`;
}

/**
 * End index (exclusive) of the string literal starting at `start` (a quote). Jumps quote to quote
 * with indexOf (native speed on multi-MiB prompt strings); a quote is escaped when an odd run of
 * backslashes precedes it. Each backslash run is counted once, so this stays linear.
 */
function stringEnd(text: Buffer, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = text.indexOf(0x22, from);
    if (q === -1) return text.length;
    let b = q - 1;
    while (b > start && text[b] === 0x5c) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** A key string at the current object level: duplicate → the path, else remembered. */
function seeKey(stack: Level[], raw: Buffer): StructureProblem | null {
  const top = stack.at(-1);
  if (top?.keys === null || top === undefined) return null;
  const key = JSON.parse(raw.toString("utf8")) as string;
  if (top.keys.has(key)) return { kind: "duplicate", path: pathOf(stack.slice(0, -1), key) };
  top.keys.add(key);
  top.at = key;
  return null;
}

/** Works on the bytes: UTF-8 continuation bytes never equal an ASCII structural character. */
export function findStructureProblem(text: Buffer, maxDepth: number): StructureProblem | null {
  const stack: Level[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (expectKey) {
        const problem = seeKey(stack, text.subarray(i, end));
        if (problem !== null) return problem;
        expectKey = false;
      }
      i = end - 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (stack.length >= maxDepth) return { kind: "depth", path: pathOf(stack) };
      stack.push({ keys: c === 0x7b ? new Set() : null, at: c === 0x7b ? "" : 0 });
      expectKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      const top = stack.at(-1);
      if (top?.keys === null) top.at = Number(top.at) + 1;
      else expectKey = top !== undefined;
    }
  }
  return null;
}

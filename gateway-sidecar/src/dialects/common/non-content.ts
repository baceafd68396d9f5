/**
 * The explicit list of string fields that are NOT content: the model and tools never read them as
 * text (model names, enum discriminators, ids, opaque signatures). Everything else in a body is
 * scanned (default-deny). A rule is a dotted path from the body (or stream event) root; `*` stands
 * for any array index or object key. A rule with `values` only exempts those exact strings (enums:
 * anything else in that place is scanned like content).
 */
export interface NonContentRule {
  readonly path: string;
  readonly values?: readonly string[];
}

/** A path as the walker sees it: the segment, its parent link and its depth (root children = 1). */
export interface PathNode {
  readonly key: string | number;
  readonly parent: PathNode | null;
  readonly depth: number;
}

interface Compiled {
  segments: readonly string[];
  values: ReadonlySet<string> | null;
}

export class NonContent {
  private readonly byDepth = new Map<number, Compiled[]>();

  constructor(readonly rules: readonly NonContentRule[]) {
    for (const r of rules) {
      const segments = r.path.split(".");
      const list = this.byDepth.get(segments.length) ?? [];
      list.push({ segments, values: r.values === undefined ? null : new Set(r.values) });
      this.byDepth.set(segments.length, list);
    }
  }

  /** True when the string `value` at `path` is on the list. O(rules of that depth × depth). */
  matches(path: PathNode, value: string): boolean {
    const candidates = this.byDepth.get(path.depth);
    if (candidates === undefined) return false;
    for (const c of candidates) {
      if (c.values !== null && !c.values.has(value)) continue;
      if (pathMatches(path, c.segments)) return true;
    }
    return false;
  }

  /** Same list for tests that build paths as arrays (e.g. the fuzzer). */
  matchesArray(path: readonly (string | number)[], value: string): boolean {
    const node = path.reduce<PathNode | null>((parent, key) => ({ key, parent, depth: (parent?.depth ?? 0) + 1 }), null);
    return node !== null && this.matches(node, value);
  }

  /** A list extended with more rules (e.g. fields an adapter already routed through the hold-back). */
  with(rules: readonly NonContentRule[]): NonContent {
    return new NonContent([...this.rules, ...rules]);
  }
}

function pathMatches(path: PathNode, segments: readonly string[]): boolean {
  let node: PathNode | null = path;
  for (let i = segments.length - 1; i >= 0; i--) {
    if (node === null) return false;
    const seg = segments[i];
    if (seg !== "*" && seg !== String(node.key)) return false;
    // `*` must not match an index where a key is named, and a named key never matches an index
    if (seg !== "*" && typeof node.key === "number") return false;
    node = node.parent;
  }
  return node === null;
}

/** Tool-choice style enums shared by the OpenAI dialects. */
export const OPENAI_TOOL_CHOICE = ["none", "auto", "required"] as const;

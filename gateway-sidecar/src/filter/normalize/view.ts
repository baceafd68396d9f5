/** Names of the views the normalizer can produce; "raw" is the untouched input. */
export type ViewName = "raw" | "nfkc" | "zeroWidth" | "homoglyph" | "leet" | "htmlEntities" | "base64";

/**
 * One normalized rendering of the input. For every code unit j of `text`, the
 * original text range that produced it is [starts[j], ends[j]). `null` maps mean
 * the view is the original itself.
 */
export interface View {
  readonly name: ViewName;
  readonly text: string;
  readonly starts: Int32Array | null;
  readonly ends: Int32Array | null;
  /** views only meant for injection scoring (leet folding destroys real digits) */
  readonly injectionOnly: boolean;
}

/** Output of one pass, mapped to the pass's own input (not yet to the original). */
export interface PassOutput {
  readonly text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

export function rawView(text: string): View {
  return { name: "raw", text, starts: null, ends: null, injectionOnly: false };
}

/** Maps a view range [start, end) back to the original text. */
export function mapSpan(view: View, start: number, end: number): [number, number] {
  const { starts, ends } = view;
  if (starts === null || ends === null) return [start, end];
  const last = Math.max(start, end - 1);
  return [starts[start] ?? 0, ends[last] ?? starts[start] ?? 0];
}

/** Chains a pass output onto the view it was computed from so offsets reach the original. */
export function composeView(input: View, out: PassOutput, name: ViewName, injectionOnly = false): View {
  const inStarts = input.starts;
  const inEnds = input.ends;
  if (inStarts === null || inEnds === null) {
    return { name, text: out.text, starts: out.starts, ends: out.ends, injectionOnly };
  }
  const chained = chainPass({ text: input.text, starts: inStarts, ends: inEnds }, out);
  return { name, ...chained, injectionOnly };
}

/**
 * Accumulates a pass's output with a per-code-unit map back to the pass input.
 * Unchanged runs are pushed as slices so the common case does not allocate per char.
 */
export class MappedBuilder {
  private readonly parts: string[] = [];
  private starts: Int32Array;
  private ends: Int32Array;
  private length = 0;

  constructor(capacity: number) {
    this.starts = new Int32Array(Math.max(16, capacity));
    this.ends = new Int32Array(Math.max(16, capacity));
  }

  private reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.starts.length) return;
    const size = Math.max(need, this.starts.length * 2);
    const s = new Int32Array(size);
    const e = new Int32Array(size);
    s.set(this.starts.subarray(0, this.length));
    e.set(this.ends.subarray(0, this.length));
    this.starts = s;
    this.ends = e;
  }

  /** Copies input[from, to) unchanged; each unit maps to itself. */
  copy(input: string, from: number, to: number): void {
    if (to <= from) return;
    this.parts.push(input.slice(from, to));
    this.reserve(to - from);
    let k = this.length;
    for (let i = from; i < to; i++, k++) {
      this.starts[k] = i;
      this.ends[k] = i + 1;
    }
    this.length = k;
  }

  /** Emits replacement text whose every unit maps to the whole source range [from, to). */
  emit(text: string, from: number, to: number): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.reserve(text.length);
    this.starts.fill(from, this.length, this.length + text.length);
    this.ends.fill(to, this.length, this.length + text.length);
    this.length += text.length;
  }

  finish(): PassOutput {
    return {
      text: this.parts.join(""),
      starts: this.starts.subarray(0, this.length),
      ends: this.ends.subarray(0, this.length),
    };
  }
}

/** Composes two pass outputs: `second` was computed on `first.text`. */
export function chainPass(first: PassOutput, second: PassOutput): PassOutput {
  const n = second.text.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const s = second.starts[j] ?? 0;
    const e = second.ends[j] ?? s + 1;
    starts[j] = first.starts[s] ?? 0;
    ends[j] = first.ends[Math.max(s, e - 1)] ?? 0;
  }
  return { text: second.text, starts, ends };
}

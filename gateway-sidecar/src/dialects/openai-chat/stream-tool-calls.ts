import { num, rec, str, type JsonRecord } from "../common/json.js";
import type { StreamHooks } from "../common/types.js";
import type { SseEvent } from "../../codec/sse.js";

interface CallState {
  name: string;
  id: string | undefined;
  type: string | undefined;
  /** the name went out to the client; it was checked against the allowlist first */
  released: boolean;
}

/**
 * Streamed OpenAI tool calls arrive as fragments keyed by `index`: the name first (possibly split),
 * then argument pieces. A call's fragments are held until its name is complete (arguments started or
 * the choice finished), so an unlisted tool never reaches the client, not even by name. Arguments go
 * through the DLP hold-back like any other streamed text.
 */
export class StreamToolCalls {
  private readonly calls = new Map<string, CallState>();

  constructor(
    private readonly hooks: StreamHooks,
    private readonly argsEvent: (choice: number, toolIndex: number, text: string) => SseEvent,
  ) {}

  /** Returns the entry to forward for this fragment, or null when it is held. */
  onFragment(choice: number, entry: JsonRecord): JsonRecord | null {
    const index = num(entry, "index") ?? 0;
    const key = `${choice}:${index}`;
    const state = this.calls.get(key) ?? { name: "", id: undefined, type: undefined, released: false };
    this.calls.set(key, state);
    const fn = rec(entry, "function") ?? {};
    const nameFragment = str(fn, "name");
    if (nameFragment !== undefined) state.name += nameFragment;
    state.id ??= str(entry, "id");
    state.type ??= str(entry, "type");
    const args = str(fn, "arguments") ?? "";
    const out: JsonRecord = { index };
    const outFn: JsonRecord = {};
    if (!state.released) {
      if (args.length === 0) return null;
      this.release(state, out, outFn);
    } else if (nameFragment !== undefined && nameFragment.length > 0) {
      // A name fragment after arguments started: re-check the grown name before passing it on.
      this.hooks.tool(state.name);
      outFn.name = nameFragment;
    }
    outFn.arguments = this.hooks.text(`c${choice}:t${index}`, args, (t) => this.argsEvent(choice, index, t));
    out.function = outFn;
    return out;
  }

  /** The choice finished: name-only calls still held are checked and released. */
  finish(choice: number): JsonRecord[] {
    const out: JsonRecord[] = [];
    for (const [key, state] of this.calls) {
      if (!key.startsWith(`${choice}:`) || state.released) continue;
      const entry: JsonRecord = { index: Number(key.slice(key.indexOf(":") + 1)) };
      const fn: JsonRecord = {};
      this.release(state, entry, fn);
      fn.arguments = "";
      entry.function = fn;
      out.push(entry);
    }
    return out;
  }

  private release(state: CallState, entry: JsonRecord, fn: JsonRecord): void {
    this.hooks.tool(state.name);
    state.released = true;
    if (state.id !== undefined) entry.id = state.id;
    entry.type = state.type ?? "function";
    fn.name = state.name;
  }
}

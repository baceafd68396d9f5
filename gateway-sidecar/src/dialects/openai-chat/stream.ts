import { GatewayError } from "../../errors.js";
import { num, rec, records, str, type JsonRecord } from "../common/json.js";
import { choices, openAiUsage } from "../common/openai-common.js";
import { parseEventJson, type StreamAdapter, type StreamHooks, type StreamOptions } from "../common/types.js";
import type { SseEvent } from "../../codec/sse.js";
import { StreamToolCalls } from "./stream-tool-calls.js";
import { scanEventRest } from "../common/content.js";
import { CHAT_RESPONSE } from "../common/non-content-lists.js";

/** Delta text fields streamed through the hold-back (one channel each per choice). */
const TEXT_KEYS = ["content", "refusal", "reasoning_content", "reasoning"] as const;

/** Everything else in a chunk is scanned whole; the hold-back fields are not scanned twice. */
const REST = CHAT_RESPONSE.with(
  [...TEXT_KEYS, "audio.transcript", "tool_calls.*.function.arguments", "function_call.arguments"].map((k) => ({
    path: `choices.*.delta.${k}`,
  })),
);

const HEADER_KEYS = ["id", "object", "created", "model", "system_fingerprint", "service_tier"] as const;

/** Chat completions stream: content, refusal and tool-call deltas per choice, usage in a trailing chunk. */
export class OpenAiChatStream implements StreamAdapter {
  private header: JsonRecord = { object: "chat.completion.chunk" };
  private readonly tools: StreamToolCalls;

  constructor(
    private readonly hooks: StreamHooks,
    private readonly options: StreamOptions,
  ) {
    this.tools = new StreamToolCalls(hooks, (choice, index, text) =>
      this.chunk(choice, { tool_calls: [{ index, function: { arguments: text } }] }, null),
    );
  }

  onEvent(ev: SseEvent): SseEvent[] {
    if (ev.data.trim() === "[DONE]") return [...this.hooks.flushAll(), ev];
    const chunk = parseEventJson(ev);
    if (chunk === null) throw new GatewayError("GW_ERR_UPSTREAM_PROTOCOL", "upstream sent an unparseable stream chunk");
    // An error object (not `"error": null`) mid-stream: scanned like any other content.
    if (chunk.error !== undefined && chunk.error !== null) return [this.rest(ev, chunk)];
    this.captureHeader(chunk);
    const usage = openAiUsage(chunk);
    if (usage !== null) this.hooks.usage(usage);
    const list = choices(chunk);
    if (list.length === 0) return usage !== null && this.options.hideUsageChunk ? [] : [this.rest(ev, chunk)];
    return this.choices(ev, chunk, list);
  }

  /** Rewrites each choice; a finishing choice gets its held text flushed before its finish_reason. */
  private choices(ev: SseEvent, chunk: JsonRecord, list: JsonRecord[]): SseEvent[] {
    const finishing: { index: number; reason: unknown }[] = [];
    let meaningful = false;
    for (const choice of list) {
      const index = num(choice, "index") ?? 0;
      const delta = rec(choice, "delta");
      if (delta !== undefined && this.delta(index, delta)) meaningful = true;
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
        finishing.push({ index, reason: choice.finish_reason });
        choice.finish_reason = null;
      }
    }
    scanEventRest(this.hooks, REST, chunk);
    const out: SseEvent[] = meaningful ? [{ ...ev, data: JSON.stringify(chunk) }] : [];
    for (const f of finishing) out.push(...this.finish(f.index, f.reason));
    return out;
  }

  onEnd(): SseEvent[] {
    return this.hooks.flushAll();
  }

  /** Rewrites one choice delta in place; true when something is left worth sending. */
  private delta(index: number, delta: JsonRecord): boolean {
    let meaningful = typeof delta.role === "string";
    for (const key of TEXT_KEYS) {
      const text = str(delta, key);
      if (text === undefined) continue;
      delta[key] = this.hooks.text(`c${index}:${key}`, text, (t) => this.chunk(index, { [key]: t }, null));
      if (delta[key] !== "") meaningful = true;
    }
    const audio = rec(delta, "audio");
    const transcript = audio === undefined ? undefined : str(audio, "transcript");
    if (audio !== undefined && transcript !== undefined) {
      audio.transcript = this.hooks.text(`c${index}:audio`, transcript, (t) => this.chunk(index, { audio: { transcript: t } }, null));
      meaningful = true;
    }
    if (Array.isArray(delta.tool_calls)) {
      const kept = records(delta.tool_calls)
        .map((e) => this.tools.onFragment(index, e))
        .filter((e): e is JsonRecord => e !== null);
      if (kept.length > 0) delta.tool_calls = kept;
      else delete delta.tool_calls;
      meaningful ||= kept.length > 0;
    }
    const fc = rec(delta, "function_call");
    if (fc !== undefined) {
      const name = str(fc, "name");
      if (name !== undefined) this.hooks.tool(name);
      const args = str(fc, "arguments");
      if (args !== undefined) {
        fc.arguments = this.hooks.text(`c${index}:fn`, args, (t) => this.chunk(index, { function_call: { arguments: t } }, null));
      }
      meaningful = true;
    }
    return meaningful;
  }

  private finish(index: number, reason: unknown): SseEvent[] {
    const out: SseEvent[] = [];
    const held = this.tools.finish(index);
    if (held.length > 0) out.push(this.chunk(index, { tool_calls: held }, null));
    out.push(...this.hooks.flush(`c${index}:`));
    out.push(this.chunk(index, {}, reason));
    return out;
  }

  /** A chunk passed on as a whole: scanned, re-serialized only when something changed. */
  private rest(ev: SseEvent, chunk: JsonRecord): SseEvent {
    return scanEventRest(this.hooks, REST, chunk) ? { ...ev, data: JSON.stringify(chunk) } : ev;
  }

  private captureHeader(chunk: JsonRecord): void {
    if (this.header.id !== undefined) return;
    const header: JsonRecord = {};
    for (const k of HEADER_KEYS) if (chunk[k] !== undefined) header[k] = chunk[k];
    this.header = header;
  }

  private chunk(index: number, delta: JsonRecord, finishReason: unknown): SseEvent {
    const body = { ...this.header, choices: [{ index, delta, logprobs: null, finish_reason: finishReason }] };
    return { data: JSON.stringify(body) };
  }
}

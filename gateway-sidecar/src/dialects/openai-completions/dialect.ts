import { GatewayError } from "../../errors.js";
import { COMPLETIONS_REQUEST, COMPLETIONS_RESPONSE } from "../common/non-content-lists.js";
import type { SseEvent } from "../../codec/sse.js";
import { scanEventRest } from "../common/content.js";
import { keySlot, num, stringOrStrings, type JsonRecord, type TextSlot } from "../common/json.js";
import { choiceCount, choices, openAiErrorEvent, openAiUsage, requestUsageChunk, streamingDialect } from "../common/openai-common.js";
import { parseEventJson, type Dialect, type StreamAdapter, type StreamHooks, type StreamOptions } from "../common/types.js";

/** `choices[].text` goes through the hold-back; everything else in a chunk is scanned whole. */
const REST = COMPLETIONS_RESPONSE.with([{ path: "choices.*.text" }]);

/** Legacy completions stream: `choices[].text` per index. */
class CompletionsStream implements StreamAdapter {
  private header: JsonRecord = { object: "text_completion" };

  constructor(
    private readonly hooks: StreamHooks,
    private readonly options: StreamOptions,
  ) {}

  onEvent(ev: SseEvent): SseEvent[] {
    if (ev.data.trim() === "[DONE]") return [...this.hooks.flushAll(), ev];
    const chunk = parseEventJson(ev);
    if (chunk === null) throw new GatewayError("GW_ERR_UPSTREAM_PROTOCOL", "upstream sent an unparseable stream chunk");
    // An error object (not `"error": null`) mid-stream: scanned like any other content.
    if (chunk.error !== undefined && chunk.error !== null) return [this.rest(ev, chunk)];
    if (this.header.id === undefined) this.header = { id: chunk.id, object: chunk.object, created: chunk.created, model: chunk.model };
    const usage = openAiUsage(chunk);
    if (usage !== null) this.hooks.usage(usage);
    const list = choices(chunk);
    if (list.length === 0) return usage !== null && this.options.hideUsageChunk ? [] : [this.rest(ev, chunk)];
    const tail = list.flatMap((choice) => this.choice(choice));
    scanEventRest(this.hooks, REST, chunk);
    const out: SseEvent[] = list.some((c) => c.text !== "") ? [{ ...ev, data: JSON.stringify(chunk) }] : [];
    return [...out, ...tail];
  }

  /** Rewrites one choice's text in place; returns what goes after the chunk (flush + finish). */
  private choice(choice: JsonRecord): SseEvent[] {
    const index = num(choice, "index") ?? 0;
    if (typeof choice.text === "string") {
      choice.text = this.hooks.text(`c${index}:`, choice.text, (t) => this.chunk(index, t, null));
    }
    if (choice.finish_reason === null || choice.finish_reason === undefined) return [];
    const tail = [...this.hooks.flush(`c${index}:`), this.chunk(index, "", choice.finish_reason)];
    choice.finish_reason = null;
    return tail;
  }

  onEnd(): SseEvent[] {
    return this.hooks.flushAll();
  }

  private rest(ev: SseEvent, chunk: JsonRecord): SseEvent {
    return scanEventRest(this.hooks, REST, chunk) ? { ...ev, data: JSON.stringify(chunk) } : ev;
  }

  private chunk(index: number, text: string, finishReason: unknown): SseEvent {
    return { data: JSON.stringify({ ...this.header, choices: [{ index, text, logprobs: null, finish_reason: finishReason }] }) };
  }
}

export const openAiCompletions: Dialect = {
  id: "openai-completions",
  path: "/v1/completions",
  requestNonContent: COMPLETIONS_REQUEST,
  responseNonContent: COMPLETIONS_RESPONSE,
  ...streamingDialect("openai"),
  requestSlots(body) {
    const out: TextSlot[] = [];
    stringOrStrings(body, "prompt", "user", out);
    keySlot(body, "suffix", "user", out);
    return out;
  },
  requestTools: () => [],
  stripTools: () => [],
  // The completions API defaults max_tokens to 16.
  maxOutputTokens: (body) => (num(body, "max_tokens") ?? 16) * choiceCount(body),
  prepareStream: requestUsageChunk,
  responseSlots(body) {
    const out: TextSlot[] = [];
    for (const c of choices(body)) keySlot(c, "text", "output", out);
    return out;
  },
  responseTools: () => [],
  responseUsage: openAiUsage,
  streamAdapter: (hooks, options) => new CompletionsStream(hooks, options),
  errorEvent: openAiErrorEvent,
};

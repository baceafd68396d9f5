import { GatewayError } from "../../errors.js";
import { num, rec, str, type JsonRecord } from "../common/json.js";
import { openAiUsage } from "../common/openai-common.js";
import { outputItemTool } from "./output-items.js";
import { parseEventJson, type StreamAdapter, type StreamHooks } from "../common/types.js";
import type { SseEvent } from "../../codec/sse.js";
import { scanEventRest } from "../common/content.js";
import { RESPONSES_RESPONSE } from "../common/non-content-lists.js";

interface WholeResponse {
  tools(body: JsonRecord): string[];
}

const at = (e: JsonRecord): string => `o${num(e, "output_index") ?? 0}:`;

/** Streamed delta events and the key of the hold-back channel they feed. */
const DELTAS: Record<string, (e: JsonRecord) => string> = {
  "response.output_text.delta": (e) => `${at(e)}c${num(e, "content_index") ?? 0}`,
  "response.refusal.delta": (e) => `${at(e)}r${num(e, "content_index") ?? 0}`,
  "response.function_call_arguments.delta": (e) => `${at(e)}a`,
  "response.custom_tool_call_input.delta": (e) => `${at(e)}a`,
  "response.reasoning_summary_text.delta": (e) => `${at(e)}s${num(e, "summary_index") ?? 0}`,
};

/** Any other `*.delta` event with string text (reasoning text, audio transcript, code...) gets its own channel. */
function channelOf(type: string, e: JsonRecord): string {
  const known = DELTAS[type];
  if (known !== undefined) return known(e);
  return `${at(e)}x:${type}:${num(e, "content_index") ?? num(e, "summary_index") ?? ""}`;
}

/** "done" events end the channel of the matching delta type. */
const DONE_OF: Record<string, string> = {
  "response.output_text.done": "response.output_text.delta",
  "response.refusal.done": "response.refusal.delta",
  "response.function_call_arguments.done": "response.function_call_arguments.delta",
  "response.custom_tool_call_input.done": "response.custom_tool_call_input.delta",
  "response.reasoning_summary_text.done": "response.reasoning_summary_text.delta",
};

/** Deltas that carry base64 audio, not text. */
const BINARY_DELTAS = new Set(["response.audio.delta"]);

/** `delta` goes through the hold-back; the rest of a delta event is scanned whole. */
const DELTA_REST = RESPONSES_RESPONSE.with([{ path: "delta" }]);

const TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);

/**
 * OpenAI Responses API stream: typed events, deltas per output item, full copies in done events.
 * Every event that is not a text delta (done copies, items, parts, snapshots, errors, unknown types)
 * is scanned whole by the default-deny walk.
 */
export class ResponsesStream implements StreamAdapter {
  constructor(
    private readonly hooks: StreamHooks,
    private readonly whole: WholeResponse,
  ) {}

  onEvent(ev: SseEvent): SseEvent[] {
    const e = parseEventJson(ev);
    if (e === null) throw new GatewayError("GW_ERR_UPSTREAM_PROTOCOL", "upstream sent an unparseable stream event");
    const type = str(e, "type") ?? ev.event ?? "";
    const text = str(e, "delta");
    if (type.endsWith(".delta") && text !== undefined && !BINARY_DELTAS.has(type)) {
      e.delta = this.hooks.text(channelOf(type, e), text, (t) => ({ ...ev, data: JSON.stringify({ ...e, delta: t }) }));
      scanEventRest(this.hooks, DELTA_REST, e);
      return e.delta === "" ? [] : [{ ...ev, data: JSON.stringify(e) }];
    }
    if (type.endsWith(".done") && !type.startsWith("response.output_item")) {
      const deltaType = DONE_OF[type] ?? type.replace(/\.done$/, ".delta");
      const flushed = this.hooks.flush(channelOf(deltaType, e));
      return [...flushed, this.rest(ev, e)];
    }
    return this.structural(type, e, ev);
  }

  onEnd(): SseEvent[] {
    return this.hooks.flushAll();
  }

  private structural(type: string, e: JsonRecord, ev: SseEvent): SseEvent[] {
    const item = rec(e, "item");
    if (item !== undefined && (type === "response.output_item.added" || type === "response.output_item.done")) {
      const tool = outputItemTool(item);
      if (tool !== undefined) this.hooks.tool(tool);
      if (type === "response.output_item.added") return [this.rest(ev, e)];
      const flushed = this.hooks.flush(at(e));
      return [...flushed, this.rest(ev, e)];
    }
    const response = rec(e, "response");
    if (response !== undefined && TERMINAL.has(type)) {
      const flushed = this.hooks.flushAll();
      for (const name of this.whole.tools(response)) this.hooks.tool(name);
      const usage = openAiUsage(response);
      if (usage !== null) this.hooks.usage(usage);
      return [...flushed, this.rest(ev, e)];
    }
    return [this.rest(ev, e)];
  }

  /** An event passed on as a whole: scanned, re-serialized only when something changed. */
  private rest(ev: SseEvent, e: JsonRecord): SseEvent {
    return scanEventRest(this.hooks, RESPONSES_RESPONSE, e) ? { ...ev, data: JSON.stringify(e) } : ev;
  }
}

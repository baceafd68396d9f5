import { GatewayError } from "../../errors.js";
import { anthropicUsage } from "./usage.js";
import { num, rec, str, type JsonRecord } from "../common/json.js";
import { parseEventJson, type StreamAdapter, type StreamHooks } from "../common/types.js";
import type { SseEvent } from "../../codec/sse.js";
import { scanEventRest } from "../common/content.js";
import { ANTHROPIC_RESPONSE } from "../common/non-content-lists.js";

/** Delta types carrying text, and the field the text sits in. */
const TEXT_DELTAS: Record<string, string> = { text_delta: "text", input_json_delta: "partial_json", thinking_delta: "thinking" };

/** Every other string of every event (errors, message_start content, citations...) is scanned whole. */
const REST = ANTHROPIC_RESPONSE.with(
  ["delta.text", "delta.partial_json", "delta.thinking", "content_block.text"].map((path) => ({ path })),
);

/** Anthropic messages stream: content blocks by index, tool names in content_block_start, usage split over start/delta. */
export class AnthropicStream implements StreamAdapter {
  constructor(private readonly hooks: StreamHooks) {}

  onEvent(ev: SseEvent): SseEvent[] {
    const e = parseEventJson(ev);
    if (e === null) throw new GatewayError("GW_ERR_UPSTREAM_PROTOCOL", "upstream sent an unparseable stream event");
    const type = str(e, "type") ?? ev.event ?? "";
    switch (type) {
      case "message_start":
        this.hooks.usage(anthropicUsage(rec(rec(e, "message") ?? {}, "usage")));
        return [this.rest(ev, e)];
      case "content_block_start":
        return this.blockStart(e, ev);
      case "content_block_delta":
        return this.blockDelta(e, ev);
      case "content_block_stop":
        return [...this.hooks.flush(`b${num(e, "index") ?? 0}:`), this.rest(ev, e)];
      case "message_delta":
        this.hooks.usage(anthropicUsage(rec(e, "usage")));
        return [...this.hooks.flushAll(), this.rest(ev, e)];
      case "message_stop":
        return [...this.hooks.flushAll(), this.rest(ev, e)];
      default:
        // error, ping and event types this adapter does not know yet: scanned whole
        return [this.rest(ev, e)];
    }
  }

  onEnd(): SseEvent[] {
    return this.hooks.flushAll();
  }

  private blockStart(e: JsonRecord, ev: SseEvent): SseEvent[] {
    const block = rec(e, "content_block") ?? {};
    const type = str(block, "type");
    if (type === "tool_use" || type === "server_tool_use") this.hooks.tool(str(block, "name") ?? "<unnamed>");
    // Text normally arrives in deltas; a non-empty start text goes through the same hold-back.
    const initial = str(block, "text");
    if (type === "text" && initial !== undefined && initial.length > 0) {
      const index = num(e, "index") ?? 0;
      block.text = this.hooks.text(`b${index}:`, initial, (t) => this.delta(index, "text_delta", "text", t));
      scanEventRest(this.hooks, REST, e);
      return [{ ...ev, data: JSON.stringify(e) }];
    }
    return [this.rest(ev, e)];
  }

  private blockDelta(e: JsonRecord, ev: SseEvent): SseEvent[] {
    const delta = rec(e, "delta") ?? {};
    const deltaType = str(delta, "type") ?? "";
    const field = TEXT_DELTAS[deltaType];
    const text = field === undefined ? undefined : str(delta, field);
    if (field === undefined || text === undefined) return [this.rest(ev, e)];
    const index = num(e, "index") ?? 0;
    const released = this.hooks.text(`b${index}:`, text, (t) => this.delta(index, deltaType, field, t));
    if (released === "") return [];
    delta[field] = released;
    scanEventRest(this.hooks, REST, e);
    return [{ ...ev, data: JSON.stringify(e) }];
  }

  /** An event passed on as a whole: scanned, re-serialized only when something changed. */
  private rest(ev: SseEvent, e: JsonRecord): SseEvent {
    return scanEventRest(this.hooks, REST, e) ? { ...ev, data: JSON.stringify(e) } : ev;
  }

  private delta(index: number, deltaType: string, field: string, text: string): SseEvent {
    return {
      event: "content_block_delta",
      data: JSON.stringify({ type: "content_block_delta", index, delta: { type: deltaType, [field]: text } }),
    };
  }
}

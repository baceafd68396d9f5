import { GatewayError } from "../../errors.js";
import { keySlot, num, rec, str, type JsonRecord, type TextSlot } from "../common/json.js";
import { openAiUsage } from "../common/openai-common.js";
import { outputItemSlots, outputItemTool } from "./output-items.js";
import { parseEventJson, type StreamAdapter, type StreamHooks } from "../common/types.js";
import type { SseEvent } from "../../codec/sse.js";

interface WholeResponse {
  slots(body: JsonRecord): TextSlot[];
  tools(body: JsonRecord): string[];
}

/** Streamed delta events and the key of the hold-back channel they feed. */
const DELTAS: Record<string, (e: JsonRecord) => string> = {
  "response.output_text.delta": (e) => `o${num(e, "output_index") ?? 0}:c${num(e, "content_index") ?? 0}`,
  "response.refusal.delta": (e) => `o${num(e, "output_index") ?? 0}:r${num(e, "content_index") ?? 0}`,
  "response.function_call_arguments.delta": (e) => `o${num(e, "output_index") ?? 0}:a`,
  "response.custom_tool_call_input.delta": (e) => `o${num(e, "output_index") ?? 0}:a`,
  "response.reasoning_summary_text.delta": (e) => `o${num(e, "output_index") ?? 0}:s${num(e, "summary_index") ?? 0}`,
};

/** "done" events repeat the full text: flush the channel, then scan the repeated text as a whole. */
const DONE_TEXT: Record<string, { channel: (e: JsonRecord) => string; field: string }> = {
  "response.output_text.done": { channel: (e) => DELTAS["response.output_text.delta"]?.(e) ?? "", field: "text" },
  "response.refusal.done": { channel: (e) => DELTAS["response.refusal.delta"]?.(e) ?? "", field: "refusal" },
  "response.function_call_arguments.done": { channel: (e) => `o${num(e, "output_index") ?? 0}:a`, field: "arguments" },
  "response.custom_tool_call_input.done": { channel: (e) => `o${num(e, "output_index") ?? 0}:a`, field: "input" },
  "response.reasoning_summary_text.done": { channel: (e) => DELTAS["response.reasoning_summary_text.delta"]?.(e) ?? "", field: "text" },
};

const TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);

/** OpenAI Responses API stream: typed events, deltas per output item, full copies in done events. */
export class ResponsesStream implements StreamAdapter {
  constructor(
    private readonly hooks: StreamHooks,
    private readonly whole: WholeResponse,
  ) {}

  onEvent(ev: SseEvent): SseEvent[] {
    const e = parseEventJson(ev);
    if (e === null) throw new GatewayError("GW_ERR_UPSTREAM_PROTOCOL", "upstream sent an unparseable stream event");
    const type = str(e, "type") ?? ev.event ?? "";
    const delta = DELTAS[type];
    if (delta !== undefined) {
      const text = str(e, "delta") ?? "";
      e.delta = this.hooks.text(delta(e), text, (t) => ({ ...ev, data: JSON.stringify({ ...e, delta: t }) }));
      return e.delta === "" ? [] : [{ ...ev, data: JSON.stringify(e) }];
    }
    const done = DONE_TEXT[type];
    if (done !== undefined) {
      const flushed = this.hooks.flush(done.channel(e));
      const slots: TextSlot[] = [];
      keySlot(e, done.field, "output", slots);
      this.hooks.output(slots);
      return [...flushed, { ...ev, data: JSON.stringify(e) }];
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
      if (type === "response.output_item.added") return [ev];
      const flushed = this.hooks.flush(`o${num(e, "output_index") ?? 0}:`);
      const slots: TextSlot[] = [];
      outputItemSlots(item, slots);
      this.hooks.output(slots);
      return [...flushed, { ...ev, data: JSON.stringify(e) }];
    }
    const part = rec(e, "part");
    if (part !== undefined && type === "response.content_part.done") {
      const slots: TextSlot[] = [];
      keySlot(part, "text", "output", slots);
      keySlot(part, "refusal", "output", slots);
      this.hooks.output(slots);
      return [{ ...ev, data: JSON.stringify(e) }];
    }
    const response = rec(e, "response");
    if (response !== undefined && TERMINAL.has(type)) {
      const flushed = this.hooks.flushAll();
      for (const name of this.whole.tools(response)) this.hooks.tool(name);
      this.hooks.output(this.whole.slots(response));
      const usage = openAiUsage(response);
      if (usage !== null) this.hooks.usage(usage);
      return [...flushed, { ...ev, data: JSON.stringify(e) }];
    }
    return [ev];
  }
}

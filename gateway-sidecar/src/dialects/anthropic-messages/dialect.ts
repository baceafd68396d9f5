import { AnthropicStream } from "./stream.js";
import { ANTHROPIC_REQUEST, ANTHROPIC_RESPONSE } from "../common/non-content-lists.js";
import { keySlot, num, rec, records, str, stringLeaves, type JsonRecord, type SlotRole, type TextSlot } from "../common/json.js";
import { dropForcedChoice, filterToolArray, streamingDialect } from "../common/openai-common.js";
import { anthropicUsage } from "./usage.js";
import type { Dialect } from "../common/types.js";

function blockSlots(block: JsonRecord, role: SlotRole, out: TextSlot[]): void {
  switch (str(block, "type")) {
    case "text":
      keySlot(block, "text", role, out);
      break;
    case "tool_result":
      if (typeof block.content === "string") keySlot(block, "content", "tool", out);
      for (const inner of records(block.content)) keySlot(inner, "text", "tool", out);
      break;
    case "tool_use":
    case "server_tool_use":
      stringLeaves(block.input, "tool_args", out);
      break;
    case "thinking":
      keySlot(block, "thinking", role, out);
      break;
    case "document": {
      const source = rec(block, "source");
      if (source !== undefined && str(source, "type") === "text") keySlot(source, "data", role, out);
      break;
    }
    default:
      break;
  }
}

const toolName = (t: JsonRecord): string | undefined => str(t, "name");

export const anthropicMessages: Dialect = {
  id: "anthropic-messages",
  path: "/v1/messages",
  requestNonContent: ANTHROPIC_REQUEST,
  responseNonContent: ANTHROPIC_RESPONSE,
  ...streamingDialect("anthropic"),

  requestSlots(body) {
    const out: TextSlot[] = [];
    if (typeof body.system === "string") keySlot(body, "system", "system", out);
    for (const b of records(body.system)) blockSlots(b, "system", out);
    for (const m of records(body.messages)) {
      const role: SlotRole = str(m, "role") === "assistant" ? "assistant" : "user";
      if (typeof m.content === "string") keySlot(m, "content", role, out);
      for (const b of records(m.content)) blockSlots(b, role, out);
    }
    return out;
  },

  requestTools: (body) => records(body.tools).map((t) => toolName(t) ?? "<unnamed>"),

  stripTools(body, allowed) {
    const removed = filterToolArray(body, "tools", toolName, allowed, ["tool_choice"]);
    dropForcedChoice(body, "tool_choice", removed);
    return removed;
  },

  maxOutputTokens: (body, fallback) => num(body, "max_tokens") ?? fallback,
  // message_start and message_delta always carry usage.
  prepareStream: () => ({ hideUsageChunk: false }),

  responseSlots(body) {
    const out: TextSlot[] = [];
    for (const b of records(body.content)) blockSlots(b, "output", out);
    return out;
  },

  responseTools(body) {
    const names: string[] = [];
    for (const b of records(body.content)) {
      const type = str(b, "type");
      if (type === "tool_use" || type === "server_tool_use") names.push(toolName(b) ?? "<unnamed>");
    }
    return names;
  },

  responseUsage(body) {
    const u = anthropicUsage(rec(body, "usage"));
    return u.inputTokens === undefined ? null : { inputTokens: u.inputTokens, outputTokens: u.outputTokens ?? 0 };
  },

  streamAdapter: (hooks) => new AnthropicStream(hooks),
  errorEvent: (body) => ({ event: "error", data: JSON.stringify({ type: "error", error: body.error }) }),
};

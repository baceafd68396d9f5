import { ResponsesStream } from "./stream.js";
import { RESPONSES_REQUEST, RESPONSES_RESPONSE } from "../common/non-content-lists.js";
import { keySlot, num, records, str, type JsonRecord, type SlotRole, type TextSlot } from "../common/json.js";
import { outputItemSlots, outputItemTool } from "./output-items.js";
import { dropForcedChoice, filterToolArray, openAiToolName, openAiUsage, streamingDialect } from "../common/openai-common.js";
import type { Dialect } from "../common/types.js";

const ROLE: Record<string, SlotRole> = { system: "system", developer: "system", user: "user", assistant: "assistant" };

function inputItemSlots(item: JsonRecord, out: TextSlot[]): void {
  const type = str(item, "type") ?? "message";
  if (type === "function_call_output" || type === "custom_tool_call_output") keySlot(item, "output", "tool", out);
  else if (type === "function_call") keySlot(item, "arguments", "tool_args", out);
  else if (type === "custom_tool_call") keySlot(item, "input", "tool_args", out);
  else if (type === "message") {
    const role = ROLE[str(item, "role") ?? "user"] ?? "user";
    if (typeof item.content === "string") keySlot(item, "content", role, out);
    for (const part of records(item.content)) {
      keySlot(part, "text", role, out);
      keySlot(part, "refusal", role, out);
    }
  }
}

function responseTools(body: JsonRecord): string[] {
  const names: string[] = [];
  for (const item of records(body.output)) {
    const name = outputItemTool(item);
    if (name !== undefined) names.push(name);
  }
  return names;
}

function responseSlots(body: JsonRecord): TextSlot[] {
  const out: TextSlot[] = [];
  for (const item of records(body.output)) outputItemSlots(item, out);
  return out;
}

export const openAiResponses: Dialect = {
  id: "openai-responses",
  path: "/v1/responses",
  requestNonContent: RESPONSES_REQUEST,
  responseNonContent: RESPONSES_RESPONSE,
  ...streamingDialect("openai"),
  requestSlots(body) {
    const out: TextSlot[] = [];
    keySlot(body, "instructions", "system", out);
    if (typeof body.input === "string") keySlot(body, "input", "user", out);
    for (const item of records(body.input)) inputItemSlots(item, out);
    return out;
  },
  requestTools: (body) => records(body.tools).map((t) => openAiToolName(t) ?? "<unnamed>"),
  stripTools(body, allowed) {
    const removed = filterToolArray(body, "tools", openAiToolName, allowed, ["tool_choice", "parallel_tool_calls"]);
    dropForcedChoice(body, "tool_choice", removed);
    return removed;
  },
  maxOutputTokens: (body, fallback) => num(body, "max_output_tokens") ?? fallback,
  // Responses streams always end with response.completed, which carries usage.
  prepareStream: () => ({ hideUsageChunk: false }),
  responseSlots,
  responseTools,
  responseUsage: openAiUsage,
  streamAdapter: (hooks) => new ResponsesStream(hooks, { tools: responseTools }),
  errorEvent: (body) => ({ event: "error", data: JSON.stringify({ type: "error", ...body }) }),
};

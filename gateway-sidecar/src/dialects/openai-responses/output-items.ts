import { keySlot, records, str, type JsonRecord, type TextSlot } from "../common/json.js";

/** Text an output item carries: message parts, function-call arguments, reasoning summaries. */
export function outputItemSlots(item: JsonRecord, out: TextSlot[]): void {
  const type = str(item, "type");
  if (type === "message") {
    for (const part of records(item.content)) {
      keySlot(part, "text", "output", out);
      keySlot(part, "refusal", "output", out);
    }
  } else if (type === "function_call") {
    keySlot(item, "arguments", "tool_args", out);
  } else if (type === "custom_tool_call") {
    keySlot(item, "input", "tool_args", out);
  } else if (type === "reasoning") {
    for (const s of records(item.summary)) keySlot(s, "text", "output", out);
  }
}

export function outputItemTool(item: JsonRecord): string | undefined {
  const type = str(item, "type");
  if (type === "function_call" || type === "custom_tool_call") return str(item, "name") ?? "<unnamed>";
  return undefined;
}

import { num, type JsonRecord } from "../common/json.js";
import type { Usage } from "../common/types.js";

export function anthropicUsage(usage: JsonRecord | undefined): Partial<Usage> {
  if (usage === undefined) return {};
  const out: Partial<Usage> = {};
  const input = num(usage, "input_tokens");
  if (input !== undefined) {
    // Cached prompt tokens are billed too; count them against the budget.
    out.inputTokens = input + (num(usage, "cache_creation_input_tokens") ?? 0) + (num(usage, "cache_read_input_tokens") ?? 0);
  }
  const output = num(usage, "output_tokens");
  if (output !== undefined) out.outputTokens = output;
  return out;
}

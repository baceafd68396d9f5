import type { ErrorBody } from "../../errors.js";
import type { SseEvent } from "../../codec/sse.js";
import { isRecord, num, rec, records, str, type JsonRecord } from "./json.js";
import type { Dialect, Usage } from "./types.js";

/** Tool names an OpenAI-style `tools` array declares (chat nests them under `function`, responses does not). */
export function openAiToolName(tool: JsonRecord): string | undefined {
  const type = str(tool, "type") ?? "function";
  const nested = rec(tool, type);
  if (nested !== undefined && str(nested, "name") !== undefined) return str(nested, "name");
  if (str(tool, "name") !== undefined) return str(tool, "name");
  if (type === "mcp") return `mcp:${str(tool, "server_label") ?? ""}`;
  // Built-in tools (web_search, file_search, code_interpreter...) are allowlisted by their type.
  return type;
}

/** Drops disallowed entries from `body[key]`; deletes the key (and `alsoDelete`) when nothing is left. */
export function filterToolArray(
  body: JsonRecord,
  key: string,
  nameOf: (tool: JsonRecord) => string | undefined,
  allowed: ReadonlySet<string>,
  alsoDelete: readonly string[],
): string[] {
  const list = body[key];
  if (!Array.isArray(list)) return [];
  const removed: string[] = [];
  const kept = list.filter((t: unknown) => {
    const name = isRecord(t) ? nameOf(t) : undefined;
    if (name !== undefined && allowed.has(name)) return true;
    removed.push(name ?? "<unnamed>");
    return false;
  });
  if (kept.length === 0 && removed.length > 0) {
    Reflect.deleteProperty(body, key);
    for (const k of alsoDelete) Reflect.deleteProperty(body, k);
  } else {
    body[key] = kept;
  }
  return removed;
}

/** Removes a forced tool choice that points at a tool we stripped (the upstream would reject it). */
export function dropForcedChoice(body: JsonRecord, key: string, removed: readonly string[]): void {
  const choice = body[key];
  if (!isRecord(choice)) return;
  const fn = rec(choice, "function");
  const name = str(choice, "name") ?? (fn === undefined ? undefined : str(fn, "name"));
  if (name !== undefined && removed.includes(name)) Reflect.deleteProperty(body, key);
}

export function openAiUsage(body: JsonRecord): Usage | null {
  const usage = rec(body, "usage");
  if (usage === undefined) return null;
  const input = num(usage, "prompt_tokens") ?? num(usage, "input_tokens");
  const output = num(usage, "completion_tokens") ?? num(usage, "output_tokens") ?? 0;
  if (input === undefined) return null;
  return { inputTokens: input, outputTokens: output };
}

export function choiceCount(body: JsonRecord): number {
  const n = num(body, "n") ?? 1;
  const bestOf = num(body, "best_of") ?? 1;
  return Math.max(1, Math.floor(n), Math.floor(bestOf));
}

/** OpenAI clients only get `stream_options.include_usage` chunks when they asked for them. */
export function requestUsageChunk(body: JsonRecord): { hideUsageChunk: boolean } {
  const opts = rec(body, "stream_options");
  if (opts !== undefined && opts.include_usage === true) return { hideUsageChunk: false };
  body.stream_options = { ...(opts ?? {}), include_usage: true };
  return { hideUsageChunk: true };
}

/** What every streaming dialect shares: the model comes from the body, streaming from `stream: true`. */
export function streamingDialect(defaultUpstream: string): Pick<Dialect, "defaultUpstream" | "streams" | "model" | "wantsStream"> {
  return { defaultUpstream, streams: true, model: modelOf, wantsStream: (body) => body.stream === true };
}

export function modelOf(body: JsonRecord): string {
  return str(body, "model") ?? "";
}

export function openAiErrorEvent(body: ErrorBody): SseEvent {
  return { data: JSON.stringify(body) };
}

export function choices(chunk: JsonRecord): JsonRecord[] {
  return records(chunk.choices);
}

import { OpenAiChatStream } from "./stream.js";
import { CHAT_REQUEST, CHAT_RESPONSE } from "../common/non-content-lists.js";
import { keySlot, num, rec, records, str, type JsonRecord, type SlotRole, type TextSlot } from "../common/json.js";
import {
  choiceCount,
  choices,
  dropForcedChoice,
  filterToolArray,
  openAiErrorEvent,
  openAiToolName,
  openAiUsage,
  requestUsageChunk,
  streamingDialect,
} from "../common/openai-common.js";
import type { Dialect } from "../common/types.js";

const ROLE: Record<string, SlotRole> = {
  system: "system",
  developer: "system",
  user: "user",
  assistant: "assistant",
  tool: "tool",
  function: "tool",
};

function messageSlots(m: JsonRecord, out: TextSlot[]): void {
  const role = ROLE[str(m, "role") ?? "user"] ?? "user";
  if (Array.isArray(m.content)) {
    for (const part of records(m.content)) {
      keySlot(part, "text", role, out);
      keySlot(part, "refusal", role, out);
    }
  } else {
    keySlot(m, "content", role, out);
  }
  for (const tc of records(m.tool_calls)) {
    const fn = rec(tc, "function");
    if (fn !== undefined) keySlot(fn, "arguments", "tool_args", out);
  }
  const fc = rec(m, "function_call");
  if (fc !== undefined) keySlot(fc, "arguments", "tool_args", out);
}

function assistantMessageSlots(message: JsonRecord, out: TextSlot[]): void {
  keySlot(message, "content", "output", out);
  keySlot(message, "refusal", "output", out);
  for (const tc of records(message.tool_calls)) {
    const fn = rec(tc, "function");
    if (fn !== undefined) keySlot(fn, "arguments", "tool_args", out);
  }
  const fc = rec(message, "function_call");
  if (fc !== undefined) keySlot(fc, "arguments", "tool_args", out);
}

export const openAiChat: Dialect = {
  id: "openai-chat",
  path: "/v1/chat/completions",
  requestNonContent: CHAT_REQUEST,
  responseNonContent: CHAT_RESPONSE,
  ...streamingDialect("openai"),

  requestSlots(body) {
    const out: TextSlot[] = [];
    for (const m of records(body.messages)) messageSlots(m, out);
    return out;
  },

  requestTools(body) {
    const names: string[] = [];
    for (const t of records(body.tools)) names.push(openAiToolName(t) ?? "<unnamed>");
    for (const f of records(body.functions)) names.push(str(f, "name") ?? "<unnamed>");
    return names;
  },

  stripTools(body, allowed) {
    const removed = filterToolArray(body, "tools", openAiToolName, allowed, ["tool_choice", "parallel_tool_calls"]);
    dropForcedChoice(body, "tool_choice", removed);
    const removedFns = filterToolArray(body, "functions", (f) => str(f, "name"), allowed, ["function_call"]);
    dropForcedChoice(body, "function_call", removedFns);
    return [...removed, ...removedFns];
  },

  maxOutputTokens(body, fallback) {
    const perChoice = num(body, "max_completion_tokens") ?? num(body, "max_tokens") ?? fallback;
    return perChoice * choiceCount(body);
  },

  prepareStream: requestUsageChunk,

  responseSlots(body) {
    const out: TextSlot[] = [];
    for (const c of choices(body)) {
      const message = rec(c, "message");
      if (message !== undefined) assistantMessageSlots(message, out);
    }
    return out;
  },

  responseTools(body) {
    const names: string[] = [];
    for (const c of choices(body)) {
      const message = rec(c, "message") ?? {};
      for (const tc of records(message.tool_calls)) names.push(openAiToolName(tc) ?? "<unnamed>");
      const fc = rec(message, "function_call");
      if (fc !== undefined) names.push(str(fc, "name") ?? "<unnamed>");
    }
    return names;
  },

  responseUsage: openAiUsage,
  streamAdapter: (hooks, options) => new OpenAiChatStream(hooks, options),
  errorEvent: openAiErrorEvent,
};

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { anthropicMessages } from "./anthropic-messages/dialect.js";
import type { JsonRecord } from "./common/json.js";
import { openAiChat } from "./openai-chat/dialect.js";
import { openAiCompletions } from "./openai-completions/dialect.js";
import { openAiEmbeddings } from "./openai-embeddings/dialect.js";
import { openAiResponses } from "./openai-responses/dialect.js";

function golden(name: string): JsonRecord {
  return JSON.parse(readFileSync(new URL(`./golden/${name}.json`, import.meta.url), "utf8")) as JsonRecord;
}

describe("tool-call and text extraction over golden request/response shapes", () => {
  it("OpenAI chat: declared tools incl. legacy functions, strip keeps references consistent", () => {
    const req = golden("openai-chat.request");
    expect(openAiChat.requestTools(req)).toEqual(["get_weather", "delete_repo", "legacy_lookup"]);
    expect(openAiChat.requestSlots(req).map((s) => [s.role, s.text])).toEqual([
      ["system", "You are terse."],
      ["user", "What's the weather?"],
      ["tool_args", '{"city":"Paris"}'],
      ["tool", "Sunny, 21C"],
    ]);
    expect(openAiChat.maxOutputTokens(req, 4096)).toBe(600);
    expect(openAiChat.stripTools(req, new Set(["get_weather"]))).toEqual(["delete_repo", "legacy_lookup"]);
    expect(openAiChat.requestTools(req)).toEqual(["get_weather"]);
    expect(req.tool_choice).toBeUndefined();
    expect(req.functions).toBeUndefined();
    expect(req.function_call).toBeUndefined();
  });

  it("OpenAI chat: tool calls, texts and usage of a response", () => {
    const res = golden("openai-chat.response");
    expect(openAiChat.responseTools(res)).toEqual(["get_weather", "run_shell"]);
    expect(openAiChat.responseSlots(res).map((s) => s.text)).toEqual([
      "Checking.",
      '{"city":"Oslo"}',
      '{"cmd":"rm -rf /"}',
      "I can't help with that.",
    ]);
    expect(openAiChat.responseUsage(res)).toEqual({ inputTokens: 57, outputTokens: 21 });
  });

  it("OpenAI responses: top-level tool names, built-in tools by type, input items", () => {
    const req = golden("openai-responses.request");
    expect(openAiResponses.requestTools(req)).toEqual(["search_flights", "book_flight", "web_search_preview"]);
    expect(openAiResponses.requestSlots(req).map((s) => [s.role, s.text])).toEqual([
      ["system", "Be helpful."],
      ["user", "Find flights"],
      ["tool_args", '{"to":"LIS"}'],
      ["tool", "3 flights found"],
      ["assistant", "Here they are."],
    ]);
    expect(openAiResponses.maxOutputTokens(req, 4096)).toBe(512);
    expect(openAiResponses.stripTools(req, new Set(["search_flights"]))).toEqual(["book_flight", "web_search_preview"]);
    expect(req.tool_choice).toBeUndefined();
    const res = golden("openai-responses.response");
    expect(openAiResponses.responseTools(res)).toEqual(["book_flight"]);
    expect(openAiResponses.responseSlots(res).map((s) => s.text)).toEqual(["Thinking about flights.", "Booking now.", '{"id":7}']);
    expect(openAiResponses.responseUsage(res)).toEqual({ inputTokens: 120, outputTokens: 30 });
  });

  it("Anthropic messages: system blocks, tool_use input leaves, tool_result content, cached tokens", () => {
    const req = golden("anthropic-messages.request");
    expect(anthropicMessages.requestTools(req)).toEqual(["list_files", "read_file", "send_email"]);
    expect(anthropicMessages.requestSlots(req).map((s) => [s.role, s.text])).toEqual([
      ["system", "You are a careful agent."],
      ["user", "List files"],
      ["assistant", "Listing."],
      ["tool_args", "/srv"],
      ["tool_args", "-la"],
      ["tool", "a.txt b.txt"],
      ["user", "Now read a.txt"],
    ]);
    expect(anthropicMessages.stripTools(req, new Set(["list_files", "read_file"]))).toEqual(["send_email"]);
    expect(req.tool_choice).toBeUndefined();
    expect(anthropicMessages.requestTools(req)).toEqual(["list_files", "read_file"]);
    const res = golden("anthropic-messages.response");
    expect(anthropicMessages.responseTools(res)).toEqual(["read_file", "send_email"]);
    expect(anthropicMessages.responseSlots(res).map((s) => s.text)).toEqual(["Reading it.", "a.txt", "x@y.z", "contents"]);
    expect(anthropicMessages.responseUsage(res)).toEqual({ inputTokens: 250, outputTokens: 40 });
  });

  it("completions and embeddings: prompt arrays, best_of reservation, token-id inputs skipped", () => {
    const c = golden("openai-completions.request");
    expect(openAiCompletions.requestSlots(c).map((s) => s.text)).toEqual(["Say hi", "Say bye", "!"]);
    expect(openAiCompletions.maxOutputTokens(c, 4096)).toBe(60);
    const e = golden("openai-embeddings.request");
    expect(openAiEmbeddings.requestSlots(e).map((s) => s.text)).toEqual(["first text", "second text"]);
    expect(openAiEmbeddings.maxOutputTokens(e, 4096)).toBe(0);
  });

  it("slots write back in place (redaction rewrites the body)", () => {
    const req = golden("anthropic-messages.request");
    for (const s of anthropicMessages.requestSlots(req)) s.set(s.text.toUpperCase());
    expect(JSON.stringify(req)).toContain('"path":"/SRV"');
    expect(JSON.stringify(req)).toContain('"NOW READ A.TXT"');
  });
});

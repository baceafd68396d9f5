import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors.js";
import { anthropicMessages } from "../dialects/anthropic-messages/dialect.js";
import { openAiChat } from "../dialects/openai-chat/dialect.js";
import { openAiResponses } from "../dialects/openai-responses/dialect.js";
import type { Dialect } from "../dialects/common/types.js";
import type { SseEvent } from "../codec/sse.js";
import { regexFilter } from "../../test/helpers/regex-filter.js";
import { StreamSession } from "./stream-session.js";

const filter = regexFilter([{ id: "test-token", pattern: /tok_[A-Za-z0-9]{16}/, action: "redact", maxLen: 20 }]);

function drive(dialect: Dialect, events: readonly SseEvent[], allowed: string[] | null, hideUsageChunk = false) {
  const session = new StreamSession({ filter, allowedTools: allowed === null ? null : new Set(allowed), onFindings: () => undefined });
  const adapter = dialect.streamAdapter(session, { hideUsageChunk });
  const out: SseEvent[] = [];
  try {
    for (const ev of events) out.push(...adapter.onEvent(ev));
    out.push(...adapter.onEnd());
    return { out, error: null, session };
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    return { out, error: err, session };
  }
}

const chat = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): SseEvent => ({
  data: JSON.stringify({
    id: "c1",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  }),
});

function chatText(out: readonly SseEvent[]): string {
  let s = "";
  for (const ev of out) {
    if (ev.data === "[DONE]") continue;
    const c = JSON.parse(ev.data) as { choices?: { delta?: { content?: string } }[] };
    s += c.choices?.[0]?.delta?.content ?? "";
  }
  return s;
}

describe("OpenAI chat stream adapter", () => {
  it("redacts a secret split across content deltas and flushes held text before finish_reason", () => {
    const parts = ["Your token is tok_A1b2", "C3d4E5f6", "G7h8 keep it"];
    const events = [
      chat({ role: "assistant", content: "" }),
      ...parts.map((p) => chat({ content: p })),
      chat({}, "stop"),
      { data: "[DONE]" },
    ];
    const { out, error } = drive(openAiChat, events, null);
    expect(error).toBeNull();
    expect(chatText(out)).toBe("Your token is [REDACTED:test-token] keep it");
    expect(out.map((e) => e.data).join("")).not.toContain("A1b2");
    const finishIdx = out.findIndex((e) => e.data.includes('"finish_reason":"stop"'));
    expect(finishIdx).toBe(out.length - 2);
    expect(out.at(-1)?.data).toBe("[DONE]");
  });

  it("holds a tool call until its name is complete; an unlisted name never reaches the client", () => {
    const events = [
      chat({ role: "assistant", tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_wea", arguments: "" } }] }),
      chat({ tool_calls: [{ index: 0, function: { name: "ther_and_delete" } }] }),
      chat({ tool_calls: [{ index: 0, function: { arguments: '{"x":1}' } }] }),
    ];
    const { out, error } = drive(openAiChat, events, ["get_weather"]);
    expect(error?.code).toBe("GW_ERR_TOOL_CALL_BLOCKED");
    expect(error?.message).toBe("model called 1 tool outside the allowlist"); // counted, never named
    expect(out.map((e) => e.data).join("")).not.toContain("get_wea");
  });

  it("releases an allowed tool call whose name arrived in pieces, merged, with its arguments", () => {
    const events = [
      chat({ role: "assistant", tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_", arguments: "" } }] }),
      chat({ tool_calls: [{ index: 0, function: { name: "weather" } }] }),
      chat({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Rome"}' } }] }),
      chat({}, "tool_calls"),
      { data: "[DONE]" },
    ];
    const { out, error } = drive(openAiChat, events, ["get_weather"]);
    expect(error).toBeNull();
    const calls = out
      .filter((e) => e.data !== "[DONE]")
      .flatMap(
        (e) =>
          (JSON.parse(e.data) as { choices: { delta: { tool_calls?: { function: { name?: string; arguments?: string } }[] } }[] })
            .choices[0]?.delta.tool_calls ?? [],
      );
    expect(calls.map((c) => c.function.name ?? "").join("")).toBe("get_weather");
    expect(calls.map((c) => c.function.arguments ?? "").join("")).toBe('{"city":"Rome"}');
  });

  it("records usage from the trailing chunk and hides it when only the gateway asked for it", () => {
    const usageChunk = { data: JSON.stringify({ id: "c1", choices: [], usage: { prompt_tokens: 11, completion_tokens: 7 } }) };
    const hidden = drive(openAiChat, [chat({ content: "hi" }), chat({}, "stop"), usageChunk, { data: "[DONE]" }], null, true);
    expect(hidden.session.reported).toEqual({ inputTokens: 11, outputTokens: 7 });
    expect(hidden.out.some((e) => e.data.includes("usage"))).toBe(false);
    const shown = drive(openAiChat, [usageChunk], null, false);
    expect(shown.out).toHaveLength(1);
  });
});

describe("Anthropic and Responses stream adapters", () => {
  const anth = (type: string, body: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, ...body }) });

  it("Anthropic: blocks tool_use of an unlisted tool at content_block_start, reads usage from start and delta", () => {
    const events = [
      anth("message_start", { message: { usage: { input_tokens: 30, output_tokens: 1 } } }),
      anth("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
      anth("content_block_delta", { index: 0, delta: { type: "text_delta", text: "secret tok_A1b2C3d4" } }),
      anth("content_block_delta", { index: 0, delta: { type: "text_delta", text: "E5f6G7h8 ok" } }),
      anth("content_block_stop", { index: 0 }),
      anth("message_delta", { delta: { stop_reason: "end_turn" }, usage: { output_tokens: 12 } }),
      anth("message_stop", {}),
    ];
    const ok = drive(anthropicMessages, events, null);
    expect(ok.error).toBeNull();
    expect(ok.session.reported).toEqual({ inputTokens: 30, outputTokens: 12 });
    const text = ok.out
      .filter((e) => e.event === "content_block_delta")
      .map((e) => (JSON.parse(e.data) as { delta: { text: string } }).delta.text)
      .join("");
    expect(text).toBe("secret [REDACTED:test-token] ok");
    const stopAt = ok.out.findIndex((e) => e.event === "content_block_stop");
    expect(ok.out.slice(stopAt).some((e) => e.event === "content_block_delta")).toBe(false);

    const tool = [
      events[0],
      anth("content_block_start", { index: 1, content_block: { type: "tool_use", id: "t", name: "rm_rf", input: {} } }),
    ].filter((e): e is SseEvent => e !== undefined);
    const blocked = drive(anthropicMessages, tool, ["read_file"]);
    expect(blocked.error?.code).toBe("GW_ERR_TOOL_CALL_BLOCKED");
    expect(blocked.out.some((e) => e.data.includes("rm_rf"))).toBe(false);
  });

  it("Responses: redacts deltas and the full-text copies in done and completed events", () => {
    const ev = (type: string, body: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, ...body }) });
    const secret = "tok_A1b2C3d4E5f6G7h8";
    const events = [
      ev("response.output_text.delta", { output_index: 0, content_index: 0, delta: `a ${secret.slice(0, 9)}` }),
      ev("response.output_text.delta", { output_index: 0, content_index: 0, delta: `${secret.slice(9)} b` }),
      ev("response.output_text.done", { output_index: 0, content_index: 0, text: `a ${secret} b` }),
      ev("response.completed", {
        response: {
          output: [{ type: "message", content: [{ type: "output_text", text: `a ${secret} b` }] }],
          usage: { input_tokens: 5, output_tokens: 6 },
        },
      }),
    ];
    const { out, error, session } = drive(openAiResponses, events, null);
    expect(error).toBeNull();
    const all = out.map((e) => e.data).join("\n");
    expect(all).not.toContain("A1b2");
    expect(all.match(/\[REDACTED:test-token\]/g)?.length).toBe(3);
    expect(session.reported).toEqual({ inputTokens: 5, outputTokens: 6 });
  });
});

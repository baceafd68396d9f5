import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BLOCK_SECRET, REDACT_SECRET, startHarness, type Harness } from "./helpers/harness.js";
import { RawUpstream, sse, type RawReply } from "./helpers/raw-upstream.js";

/** Any 6+ character piece of the secret anywhere in what the client received. */
function leaked(received: string, secret = REDACT_SECRET): boolean {
  for (let i = 0; i + 6 <= secret.length; i++) if (received.includes(secret.slice(i, i + 6))) return true;
  return false;
}

const pieces = (s: string, n: number) => Array.from({ length: Math.ceil(s.length / n) }, (_, i) => s.slice(i * n, i * n + n));
const tokens = (text: string) =>
  pieces(text, 4).map((token) => ({ token, logprob: -0.1, bytes: [...Buffer.from(token)], top_logprobs: [] }));
const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  data: { id: "c1", object: "chat.completion.chunk", model: "m", choices: [{ index: 0, delta, finish_reason: null, ...extra }] },
});
const done = [
  { data: { id: "c1", object: "chat.completion.chunk", model: "m", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] } },
  { data: "[DONE]" },
];
const stream = (events: { event?: string; data: unknown }[]): RawReply => ({ contentType: "text/event-stream", body: sse(events) });

async function call(h: Harness, route: string, body: Record<string, unknown>): Promise<{ status: number; text: string }> {
  const res = await fetch(h.url(route), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-test-client", "anthropic-version": "2023-06-01" },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** Text the client can rebuild from a chat stream: content, reasoning, transcript and logprob tokens. */
function rebuilt(sseText: string): string {
  let out = "";
  for (const line of sseText.split("\n")) {
    if (!line.startsWith("data: {")) continue;
    const c = JSON.parse(line.slice(6)) as {
      choices?: {
        delta?: { content?: string; reasoning_content?: string; audio?: { transcript?: string } };
        logprobs?: { content?: { token: string }[] } | null;
      }[];
    };
    for (const ch of c.choices ?? []) {
      out += `${ch.delta?.content ?? ""}|${ch.delta?.reasoning_content ?? ""}|${ch.delta?.audio?.transcript ?? ""}|`;
      out += (ch.logprobs?.content ?? []).map((t) => t.token).join("");
    }
  }
  return out;
}

const chatReq = (stream = false) => ({ model: "gpt-4o", stream, logprobs: true, messages: [{ role: "user", content: "hi" }] });

describe("response bypasses over real HTTP", () => {
  let h: Harness;
  let up: RawUpstream;
  beforeAll(async () => {
    up = new RawUpstream();
    h = await startHarness({ upstream: up });
  });
  afterAll(async () => {
    await h.close();
  });

  it("item 4: logprobs, reasoning_content, audio transcript and array content cannot rebuild a redacted JSON completion", async () => {
    const content = `token ${REDACT_SECRET} done`;
    const message = {
      role: "assistant",
      content,
      reasoning_content: `thinking about ${REDACT_SECRET}`,
      audio: { id: "a1", transcript: `said ${REDACT_SECRET}` },
      annotations: [{ type: "url_citation", url_citation: { url: `https://x.example/?k=${REDACT_SECRET}` } }],
    };
    up.reply = () => ({
      body: JSON.stringify({
        id: "r",
        object: "chat.completion",
        choices: [{ index: 0, message, logprobs: { content: tokens(content) }, finish_reason: "stop" }],
      }),
    });
    const res = await call(h, "/v1/chat/completions", chatReq());
    expect(res.status).toBe(200);
    expect(res.text).toContain("[REDACTED");
    expect(leaked(res.text)).toBe(false);
    const body = JSON.parse(res.text) as { choices: { logprobs: unknown }[] };
    expect(body.choices[0]?.logprobs).toBeNull();
  });

  it("item 4: streamed logprobs and reasoning/transcript deltas do not leak the secret", async () => {
    const text = `key ${REDACT_SECRET} end`;
    up.reply = () =>
      stream([
        chunk({ role: "assistant", content: "" }),
        ...pieces(text, 5).map((p) => chunk({ content: p }, { logprobs: { content: tokens(p) } })),
        ...pieces(`r ${REDACT_SECRET} r`, 7).map((p) => chunk({ reasoning_content: p })),
        ...pieces(`t ${REDACT_SECRET} t`, 9).map((p) => chunk({ audio: { transcript: p } })),
        ...done,
      ]);
    const res = await call(h, "/v1/chat/completions", chatReq(true));
    expect(res.status).toBe(200);
    expect(leaked(res.text)).toBe(false);
    expect(res.text).toContain("[REDACTED");
    // the logprob tokens (4 characters each) must not spell the secret when put back together
    expect(leaked(rebuilt(res.text).replaceAll("|", ""))).toBe(false);
    // content, reasoning and transcript each came out redacted (flushed through their own channels)
    expect(rebuilt(res.text).split("[REDACTED").length - 1).toBeGreaterThanOrEqual(3);
  });

  it("item 4: Responses and Anthropic event types the adapters did not know are scanned", async () => {
    up.reply = (req) =>
      req.path === "/v1/responses"
        ? stream([
            ...pieces(`x ${REDACT_SECRET} y`, 6).map((delta) => ({
              data: { type: "response.reasoning_text.delta", output_index: 0, content_index: 0, delta },
            })),
            {
              data: {
                type: "response.output_text.annotation.added",
                output_index: 0,
                annotation: { type: "url_citation", url: `https://x/?k=${REDACT_SECRET}` },
              },
            },
            { data: { type: "response.completed", response: { id: "r", status: "completed", output: [] } } },
          ])
        : stream([
            {
              event: "message_start",
              data: {
                type: "message_start",
                message: {
                  id: "m",
                  type: "message",
                  role: "assistant",
                  content: [{ type: "text", text: REDACT_SECRET }],
                  usage: { input_tokens: 1, output_tokens: 1 },
                },
              },
            },
            {
              event: "content_block_delta",
              data: {
                type: "content_block_delta",
                index: 0,
                delta: { type: "citations_delta", citation: { type: "char_location", cited_text: REDACT_SECRET } },
              },
            },
            { event: "message_stop", data: { type: "message_stop" } },
          ]);
    const responses = await call(h, "/v1/responses", { model: "m", stream: true, input: "hi" });
    expect(leaked(responses.text)).toBe(false);
    const messages = await call(h, "/v1/messages", {
      model: "c",
      max_tokens: 8,
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(leaked(messages.text)).toBe(false);
  });

  it('item 5: a chunk with "error": null plus content is scanned, and error events are scanned', async () => {
    up.reply = (req) =>
      req.path === "/v1/messages"
        ? stream([{ event: "error", data: { type: "error", error: { type: "api_error", message: `bad key ${REDACT_SECRET}` } } }])
        : stream(
            [chunk({ content: `x ${REDACT_SECRET} y` }, {}), ...done].map((e, i) =>
              i === 0 ? { data: { ...(e.data as object), error: null } } : e,
            ),
          );
    const chatRes = await call(h, "/v1/chat/completions", chatReq(true));
    expect(leaked(chatRes.text)).toBe(false);
    const anth = await call(h, "/v1/messages", { model: "c", max_tokens: 8, stream: true, messages: [{ role: "user", content: "hi" }] });
    expect(leaked(anth.text)).toBe(false);
    up.reply = () => stream([{ data: { error: { message: `upstream says ${REDACT_SECRET}`, type: "server_error" } } }]);
    const midStream = await call(h, "/v1/completions", { model: "m", stream: true, prompt: "hi" });
    expect(leaked(midStream.text)).toBe(false);
  });

  it("item 5: non-2xx bodies are scanned: redacted at their status, or refused on a blocking finding", async () => {
    up.reply = () => ({ status: 500, body: JSON.stringify({ error: { message: `internal: ${REDACT_SECRET}`, type: "server_error" } }) });
    const redacted = await call(h, "/v1/chat/completions", chatReq());
    expect(redacted.status).toBe(500);
    expect(leaked(redacted.text)).toBe(false);
    expect(redacted.text).toContain("[REDACTED");
    up.reply = () => ({ status: 502, contentType: "text/plain", body: `gateway trace ${REDACT_SECRET}` });
    expect(leaked((await call(h, "/v1/messages", { model: "c", max_tokens: 8, messages: [{ role: "user", content: "hi" }] })).text)).toBe(
      false,
    );
    up.reply = () => ({ status: 400, body: JSON.stringify({ error: { message: `invalid credential ${BLOCK_SECRET}` } }) });
    const blocked = await call(h, "/v1/chat/completions", chatReq());
    expect(blocked.status).toBe(502);
    expect(blocked.text).toContain("GW_ERR_RESPONSE_BLOCKED");
    expect(blocked.text).not.toContain(BLOCK_SECRET);
  });
});
